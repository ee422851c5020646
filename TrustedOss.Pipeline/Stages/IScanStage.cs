using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Stages;

/// <summary>One pipeline stage. It runs with a workspace, a log and a cancellation token, and knows nothing of durable tasks or HTTP.</summary>
public interface IScanStage
{
    string Slug { get; }

    /// <summary>Returns how the stage ended; throws <see cref="StageFailedException"/> for a failure the user can act on.</summary>
    Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken);
}

/// <summary>Everything a stage may know about its scan. Secrets (the credentialed git URL) stay in here, never in logs.</summary>
public sealed record StageContext(
    Guid ScanId,
    Guid ProjectId,
    ScanKind Kind,
    ScanMetadata Metadata,
    string? GitUrl,
    string Branch,
    ScanWorkspace Workspace,
    IStageLog Log)
{
    public bool Verbose => Metadata.Verbosity == "verbose";
}

public sealed record StageResult(string State, string? Detail)
{
    public static StageResult Succeeded(string? detail = null) => new(Scans.StageState.Succeeded, detail);
    public static StageResult Skipped(string reason) => new(Scans.StageState.Skipped, reason);
}

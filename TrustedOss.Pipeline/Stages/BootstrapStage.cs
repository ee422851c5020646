using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Stages;

/// <summary>Stage `bootstrap`: a fresh workspace, and the tools this scan kind needs are in place.</summary>
public sealed class BootstrapStage(ScanWorkspaces workspaces, ToolOptions tools, RegistryOptions registry) : IScanStage
{
    public string Slug => ScanPlan.Bootstrap;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var needed = context.Kind == ScanKind.Source
            ? new[] { ("cdxgen", tools.CdxgenPath), ("trivy", tools.TrivyPath) }
            : context.Metadata.Upload is null ? [("trivy", tools.TrivyPath), ("skopeo", registry.SkopeoPath)] : [("trivy", tools.TrivyPath)];
        var missing = needed.Where(t => Path.IsPathRooted(t.Item2) && !File.Exists(t.Item2)).Select(t => $"{t.Item1} ({t.Item2})").ToArray();
        if (missing.Length > 0)
            throw new StageFailedException($"The worker is missing {string.Join(" and ", missing)}; run ./dev up or install the tools image.");

        workspaces.Create(context.ScanId);
        await context.Log.WriteAsync(LogStream.Info, $"Workspace ready for a {context.Kind.ToString().ToLowerInvariant()} scan{(context.Verbose ? " (verbose logs)" : "")}", cancellationToken);
        return StageResult.Succeeded();
    }
}

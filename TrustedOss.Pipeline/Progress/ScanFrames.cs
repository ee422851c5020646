namespace TrustedOss.Pipeline.Progress;

/// <summary>
/// The live-progress frames (one JSON shape each). `progress.step` is a stage slug or a terminal
/// status (succeeded, failed, cancelled); frames go out only after the state they describe is committed.
/// </summary>
public static class ScanFrames
{
    public const string Progress = "progress";
    public const string Stage = "stage";
    public const string Log = "log";

    /// <summary>The SignalR group of one scan's subscribers.</summary>
    public static string Group(Guid scanId) => $"scan:{scanId}";
}

public sealed record ProgressFrame(string Step, int Percent, DateTimeOffset Ts);
public sealed record StageFrame(string Stage, string State, DateTimeOffset Ts);
public sealed record LogFrame(string Stage, string Stream, string Line, DateTimeOffset Ts);

/// <summary>
/// Sends frames to a scan's subscribers. Hosts register zero or more (the self-host's SignalR hub); a
/// failed send is logged by the caller and never fails a scan — the database stays authoritative.
/// </summary>
public interface IScanFramePublisher
{
    Task PublishAsync(Guid scanId, string frameType, object frame, CancellationToken cancellationToken);
}

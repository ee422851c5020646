namespace TrustedOss.Pipeline.Stages;

/// <summary>For tool runs whose output nobody reads (version probes).</summary>
public sealed class NullStageLog : IStageLog
{
    public static NullStageLog Instance { get; } = new();
    public ValueTask WriteAsync(LogStream stream, string line, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}

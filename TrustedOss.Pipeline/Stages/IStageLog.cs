namespace TrustedOss.Pipeline.Stages;

/// <summary>Where a stage's log lines go. Implementations redact and budget; callers just write.</summary>
public interface IStageLog
{
    ValueTask WriteAsync(LogStream stream, string line, CancellationToken cancellationToken = default);
}

public enum LogStream { Info, Stdout, Stderr }

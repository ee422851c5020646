using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Tests.TestSupport;

/// <summary>A stage log sink that keeps every line, for asserting what a stage wrote.</summary>
public sealed class RecordingStageLog : IStageLog
{
    private readonly List<(LogStream Stream, string Line)> _lines = [];

    public ValueTask WriteAsync(LogStream stream, string line, CancellationToken cancellationToken = default)
    {
        lock (_lines) _lines.Add((stream, line));
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<(LogStream Stream, string Line)> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    public IEnumerable<string> On(LogStream stream) => Lines.Where(l => l.Stream == stream).Select(l => l.Line);

    public string AllText => string.Join('\n', Lines.Select(l => l.Line));
}

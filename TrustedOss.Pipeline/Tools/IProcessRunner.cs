using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// The one way this service runs an external program: an argument list (never a shell string),
/// a timeout, cancellation that kills the whole process tree, and every output line redacted
/// and written to the stage's log.
/// </summary>
public interface IProcessRunner
{
    Task<ToolResult> RunAsync(ToolCommand command, IStageLog log, CancellationToken cancellationToken);
}

/// <param name="FileName">The executable (absolute path or a name on PATH).</param>
/// <param name="Arguments">Arguments passed as an argv list; nothing is interpreted by a shell.</param>
/// <param name="Environment">Extra environment variables; a null value removes the variable.</param>
/// <param name="LogOutput">False for tools whose stdout is data (it is still captured in the tail).</param>
public sealed record ToolCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string?>? Environment = null,
    bool LogOutput = true);

/// <param name="StderrTail">The last lines of stderr, already redacted, for a one-line failure reason.</param>
/// <param name="StdoutTail">The last lines of stdout, already redacted, for tools that answer with a line (e.g. a commit sha).</param>
public sealed record ToolResult(int ExitCode, TimeSpan Duration, IReadOnlyList<string> StderrTail, IReadOnlyList<string>? StdoutTail = null)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>The tool ran past its timeout and was killed (with its children).</summary>
public sealed class ToolTimeoutException(string tool, TimeSpan timeout)
    : Exception($"{tool} did not finish within {timeout.TotalSeconds:0} s and was stopped.")
{
    public string Tool { get; } = tool;
    public TimeSpan Timeout { get; } = timeout;
}

using System.ComponentModel;
using System.Text;
using CliWrap;
using TrustedOss.Pipeline.Security;
using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// The one <see cref="IProcessRunner"/>: CliWrap with an argv list, every output line stripped of terminal escapes
/// and redacted before it reaches the stage log, and a cancellation/timeout that kills the whole process tree.
/// </summary>
/// <remarks>
/// CliWrap's forceful cancellation calls <c>Process.Kill(entireProcessTree: true)</c> (CliWrap
/// Utils/ProcessEx.Kill), which on Linux walks /proc for descendants and SIGKILLs them all. A
/// descendant that detached itself (double fork + setsid) is outside that tree and is not reached.
/// </remarks>
public sealed class ProcessRunner(TimeProvider timeProvider) : IProcessRunner
{
    /// <summary>How many of the last stdout/stderr lines a <see cref="ToolResult"/> keeps.</summary>
    public const int TailLines = 20;

    /// <summary>Longer lines are cut (after redaction, so a cut never exposes part of a secret).</summary>
    public const int MaxLineLength = 4000;

    public async Task<ToolResult> RunAsync(ToolCommand command, IStageLog log, CancellationToken cancellationToken)
    {
        var tool = Path.GetFileName(command.FileName);
        var stdoutTail = new LineTail(TailLines);
        var stderrTail = new LineTail(TailLines);
        // The two pipes are read concurrently; a stage log need not be thread-safe, so writes are serialized.
        using var logGate = new SemaphoreSlim(1, 1);

        async Task WriteAsync(LogStream stream, string line, CancellationToken ct)
        {
            await logGate.WaitAsync(ct);
            try { await log.WriteAsync(stream, line, ct); }
            finally { logGate.Release(); }
        }

        Func<string, CancellationToken, Task> Handler(LogStream stream, LineTail tail, bool write) => async (raw, ct) =>
        {
            // Escapes go first: a colour code inside a credential would hide it from the redactor.
            var line = Shorten(CredentialRedactor.Redact(TerminalEscapes.Strip(raw)));
            tail.Add(line);
            if (write) await WriteAsync(stream, line, ct);
        };

        var cli = Cli.Wrap(command.FileName)
            .WithArguments(command.Arguments)
            .WithWorkingDirectory(command.WorkingDirectory)
            .WithEnvironmentVariables(env =>
            {
                foreach (var (name, value) in command.Environment ?? new Dictionary<string, string?>())
                    env.Set(name, value);
            })
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Handler(LogStream.Stdout, stdoutTail, command.LogOutput), Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Handler(LogStream.Stderr, stderrTail, write: true), Encoding.UTF8));

        await WriteAsync(LogStream.Info, Shorten(CredentialRedactor.Redact("$ " + FormatCommandLine(command))), cancellationToken);

        using var timeout = new CancellationTokenSource(command.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = timeProvider.GetTimestamp();
        CommandResult result;
        try
        {
            result = await cli.ExecuteAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            // CliWrap has already killed the tree and waited for the exit before throwing.
            await WriteAsync(LogStream.Info, $"{tool} ran past its {command.Timeout.TotalSeconds:0} s timeout and was stopped", CancellationToken.None);
            throw new ToolTimeoutException(tool, command.Timeout);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"{tool} was cancelled and its processes were stopped.", cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw new ToolStartException(tool, command.FileName, ex);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to start", StringComparison.Ordinal))
        {
            throw new ToolStartException(tool, command.FileName, ex);
        }

        var duration = timeProvider.GetElapsedTime(started);
        await WriteAsync(LogStream.Info, $"{tool} exited with code {result.ExitCode} after {duration.TotalSeconds:0.0} s", cancellationToken);
        return new ToolResult(result.ExitCode, duration, stderrTail.ToList(), stdoutTail.ToList());
    }

    private static string Shorten(string line) =>
        line.Length <= MaxLineLength ? line : string.Concat(line.AsSpan(0, MaxLineLength), " …(line cut)");

    /// <summary>A readable, copy-pasteable rendering for the log; the process itself gets the argv list.</summary>
    private static string FormatCommandLine(ToolCommand command) =>
        string.Join(' ', new[] { command.FileName }.Concat(command.Arguments).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@,+%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";

    /// <summary>The last N lines, safe for the two pipe readers to add to concurrently.</summary>
    private sealed class LineTail(int capacity)
    {
        private readonly Queue<string> _lines = new();

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > capacity) _lines.Dequeue();
            }
        }

        public IReadOnlyList<string> ToList()
        {
            lock (_lines) return _lines.ToArray();
        }
    }
}

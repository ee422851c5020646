using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Tools;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingStageLog _log = new();

    public void Dispose() => _dir.Dispose();

    private ToolCommand Bash(string script, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? env = null, bool logOutput = true) =>
        new("bash", ["-c", script], _dir.Path, timeout ?? TimeSpan.FromSeconds(30), env, logOutput);

    [Fact]
    public async Task Credentials_in_stdout_and_stderr_are_redacted_before_they_reach_the_log_and_the_tail()
    {
        var command = Bash("""
            echo "remote: https://alice:s3cret-token@git.example.com/org/repo.git"
            echo "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc" >&2
            echo "GITHUB_TOKEN=ghp_supersecret123" >&2
            """);

        var result = await new ProcessRunner(TimeProvider.System).RunAsync(command, _log, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("remote: https://***@git.example.com/org/repo.git", _log.On(LogStream.Stdout));
        Assert.Contains("Authorization: Bearer ***", _log.On(LogStream.Stderr));
        Assert.Contains("GITHUB_TOKEN=***", _log.On(LogStream.Stderr));
        Assert.Equal(["Authorization: Bearer ***", "GITHUB_TOKEN=***"], result.StderrTail);
        foreach (var secret in new[] { "s3cret-token", "eyJhbGci", "ghp_supersecret123" })
        {
            Assert.DoesNotContain(secret, _log.AllText);
            Assert.DoesNotContain(secret, string.Join('\n', result.StderrTail.Concat(result.StdoutTail!)));
        }
    }

    [Fact]
    public async Task Terminal_escapes_are_stripped_from_output_lines_before_redaction()
    {
        // trivy's log lines, coloured although stderr is a pipe; and a coloured key that the redactor would not
        // recognise with its escape codes still in.
        var command = Bash("""
            printf '2026-01-01T00:00:00Z\t\033[35mDEBUG\033[0m\tSkipping DB update...\n' >&2
            s=split; printf '\033]0;title\007\033[1mGITHUB_TOKEN\033[0m=ghp_%s-secret\n' "$s"  # not in the logged command line
            """);

        var result = await new ProcessRunner(TimeProvider.System).RunAsync(command, _log, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["2026-01-01T00:00:00Z\tDEBUG\tSkipping DB update..."], _log.On(LogStream.Stderr));
        Assert.Equal(["GITHUB_TOKEN=***"], _log.On(LogStream.Stdout));
        Assert.DoesNotContain("\u001b", _log.AllText);
        Assert.DoesNotContain("split-secret", _log.AllText);
    }

    [Fact]
    public async Task The_logged_command_line_has_credentials_masked()
    {
        var command = new ToolCommand("echo", ["clone", "https://bob:hunter2@example.com/x.git"], _dir.Path, TimeSpan.FromSeconds(10));

        await new ProcessRunner(TimeProvider.System).RunAsync(command, _log, CancellationToken.None);

        Assert.Contains("$ echo clone https://***@example.com/x.git", _log.On(LogStream.Info));
        Assert.DoesNotContain("hunter2", _log.AllText);
    }

    [Fact]
    public async Task A_non_zero_exit_is_a_result_with_the_stderr_tail_not_an_exception()
    {
        var command = Bash("for i in $(seq 1 30); do echo \"line $i\" >&2; done; exit 7");

        var result = await new ProcessRunner(TimeProvider.System).RunAsync(command, _log, CancellationToken.None);

        Assert.Equal(7, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal(ProcessRunner.TailLines, result.StderrTail.Count);
        Assert.Equal("line 11", result.StderrTail[0]);
        Assert.Equal("line 30", result.StderrTail[^1]);
        Assert.Equal(30, _log.On(LogStream.Stderr).Count());
    }

    [Fact]
    public async Task Environment_variables_are_set_and_a_null_value_removes_one_the_worker_has()
    {
        var inherited = "TRUSTEDOSS_TEST_INHERITED_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(inherited, "from-worker");
        try
        {
            var command = Bash($"echo \"set=$TRUSTEDOSS_TEST_SET removed=${{{inherited}-gone}}\"",
                env: new Dictionary<string, string?> { ["TRUSTEDOSS_TEST_SET"] = "yes", [inherited] = null });

            var result = await new ProcessRunner(TimeProvider.System).RunAsync(command, _log, CancellationToken.None);

            Assert.Equal(["set=yes removed=gone"], result.StdoutTail);
        }
        finally
        {
            Environment.SetEnvironmentVariable(inherited, null);
        }
    }

    [Fact]
    public async Task Stdout_of_a_data_tool_is_kept_out_of_the_log_but_stderr_is_logged()
    {
        var command = Bash("echo '{\"data\":1}'; echo 'warning: x' >&2", logOutput: false);

        var result = await new ProcessRunner(TimeProvider.System).RunAsync(command, _log, CancellationToken.None);

        Assert.Empty(_log.On(LogStream.Stdout));
        Assert.Equal(["warning: x"], _log.On(LogStream.Stderr));
        Assert.Equal(["{\"data\":1}"], result.StdoutTail);
    }

    [Fact]
    public async Task Duration_is_measured_with_the_injected_time_provider()
    {
        var time = new FakeTimeProvider();
        var runner = new ProcessRunner(time);
        // The tool advances the fake clock through the log sink, the only seam between the two.
        var log = new AdvancingLog(time, TimeSpan.FromSeconds(42));

        var result = await runner.RunAsync(Bash("echo tick", TimeSpan.FromHours(1)), log, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(42), result.Duration);
    }

    [Fact]
    public async Task A_tool_past_its_timeout_is_killed_and_reported_as_ToolTimeoutException()
    {
        var marker = $"{Random.Shared.Next(100, 999)}.{Random.Shared.Next(100000, 999999)}";
        var time = new FakeTimeProvider();
        var runner = new ProcessRunner(time);
        var run = runner.RunAsync(Bash($"sleep {marker}", TimeSpan.FromMinutes(5)), _log, CancellationToken.None);
        Assert.NotEmpty(await ProcessTable.WaitForAsync($"sleep {marker}", 1, TimeSpan.FromSeconds(5)));

        var stopwatch = Stopwatch.StartNew();
        time.Advance(TimeSpan.FromMinutes(5));
        var ex = await Assert.ThrowsAsync<ToolTimeoutException>(() => run);

        Assert.Equal("bash", ex.Tool);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync($"sleep {marker}", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_missing_executable_is_a_ToolStartException_naming_the_path()
    {
        var command = new ToolCommand("/nonexistent/tool-xyz", [], _dir.Path, TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<ToolStartException>(() => new ProcessRunner(TimeProvider.System).RunAsync(command, _log, CancellationToken.None));

        Assert.Contains("/nonexistent/tool-xyz", ex.Message);
    }

    private sealed class AdvancingLog(FakeTimeProvider time, TimeSpan step) : IStageLog
    {
        public ValueTask WriteAsync(LogStream stream, string line, CancellationToken cancellationToken = default)
        {
            if (stream == LogStream.Stdout) time.Advance(step);
            return ValueTask.CompletedTask;
        }
    }
}

using Azure.Data.Tables;
using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;

namespace TrustedOss.Pipeline.Health;

/// <summary>
/// Checks PostgreSQL, the task hub's storage account and every tool, for real, each under a short
/// timeout. Tool versions do not change while the process runs, so a tool that answered is not asked
/// again; one that failed (not installed yet, or too slow on a busy machine) is asked again next time.
/// </summary>
public sealed class HealthService(NpgsqlDataSource db, DurableOptions durable, ToolOptions tools, RegistryOptions registry, IProcessRunner runner, ScancodeTool scancodeTool)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);
    private readonly SuccessCache cdxgen = new(() => ProbeVersionAsync(runner, tools.CdxgenPath, "--version", tools.ToolsDir));
    private readonly SuccessCache trivyBinary = new(() => ProbeVersionAsync(runner, tools.TrivyPath, "--version", tools.ToolsDir));
    private readonly SuccessCache skopeo = new(() => ProbeVersionAsync(runner, registry.SkopeoPath, "--version", tools.ToolsDir));
    private readonly SuccessCache scancode = new(() => scancodeTool.Locate() is { } path
        ? ProbeVersionAsync(runner, path, "--version", tools.ToolsDir)
        : Task.FromResult(new DependencyHealth(false, "scancode is not installed.")));

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        // All at once: the first call's tool probes are process start-ups, seconds each on a busy machine.
        var postgres = CheckPostgresAsync(cancellationToken);
        var storage = CheckStorageAsync(cancellationToken);
        var (cdxgenProbe, trivyProbe, scancodeProbe, skopeoProbe) = (cdxgen.Get(), trivyBinary.Get(), scancode.Get(), skopeo.Get());
        var checks = new Dictionary<string, DependencyHealth>
        {
            ["postgres"] = await postgres,
            ["storage"] = await storage,
            ["cdxgen"] = await cdxgenProbe,
            ["trivy"] = WithDbState(await trivyProbe),
            ["scancode"] = ScancodeOrBuiltIn(await scancodeProbe),
            ["skopeo"] = PullsOrArchivesOnly(await skopeoProbe),
        };
        var failing = checks.Where(c => !c.Value.Ok).Select(c => c.Key).ToArray();
        return new HealthReport(failing.Length == 0 ? "ok" : "unavailable", failing, checks);
    }

    private async Task<DependencyHealth> CheckPostgresAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await using var connection = await db.OpenConnectionAsync(timeout.Token);
            var version = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SHOW server_version", cancellationToken: timeout.Token));
            return new DependencyHealth(true, "PostgreSQL is reachable.", version);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return new DependencyHealth(false, $"PostgreSQL is unreachable: {FirstLine(e.Message)}");
        }
    }

    private async Task<DependencyHealth> CheckStorageAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            var options = new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = CheckTimeout } };
            var client = new TableServiceClient(durable.StorageConnectionString, options);
            await client.GetPropertiesAsync(timeout.Token);
            return new DependencyHealth(true, $"Azure Storage (task hub '{durable.TaskHubName}') is reachable.",
                Info: new Dictionary<string, object?> { ["task_hub"] = durable.TaskHubName, ["account"] = client.AccountName });
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or FormatException or ArgumentException or InvalidOperationException)
        {
            return new DependencyHealth(false, $"Azure Storage (Azurite locally) is unreachable for task hub '{durable.TaskHubName}': {FirstLine(Security.CredentialRedactor.Redact(e.Message))}");
        }
    }

    private DependencyHealth WithDbState(DependencyHealth binary)
    {
        var db = TrivyDbState.Read(tools.TrivyCacheDir);
        return binary with
        {
            Info = new Dictionary<string, object?> { ["db"] = db.State, ["db_updated_at"] = db.UpdatedAt },
            Detail = binary.Ok ? $"trivy is installed; vulnerability DB {db.State}." : binary.Detail,
        };
    }

    /// <summary>Without skopeo only container scans of image references fail (uploaded archives still work), so it never fails /health.</summary>
    private static DependencyHealth PullsOrArchivesOnly(DependencyHealth skopeo) => skopeo.Ok
        ? skopeo with { Info = new Dictionary<string, object?> { ["image_pulls"] = true } }
        : new DependencyHealth(true, $"Container scans of image references fail until skopeo is installed (SKOPEO_PATH); uploaded image archives work. {skopeo.Detail}",
            Info: new Dictionary<string, object?> { ["image_pulls"] = false });

    private static DependencyHealth ScancodeOrBuiltIn(DependencyHealth scancode) => scancode.Ok
        ? scancode with { Info = new Dictionary<string, object?> { ["mode"] = "scancode" } }
        : new DependencyHealth(true, "scancode is not installed; the built-in first-party license detector is used.",
            Info: new Dictionary<string, object?> { ["mode"] = "built-in" });

    private static async Task<DependencyHealth> ProbeVersionAsync(IProcessRunner runner, string tool, string flag, string workingDirectory)
    {
        var name = Path.GetFileName(tool);
        try
        {
            var result = await runner.RunAsync(
                new ToolCommand(tool, [flag], Directory.Exists(workingDirectory) ? workingDirectory : Path.GetTempPath(), TimeSpan.FromSeconds(30),
                    new Dictionary<string, string?> { ["CDXGEN_IN_CONTAINER"] = "true" }),
                NullStageLog.Instance, CancellationToken.None);
            var version = result.StdoutTail?.Select(StripAnsi).FirstOrDefault(l => l.Trim().Length > 0)?.Trim();
            return result.Succeeded
                ? new DependencyHealth(true, $"{name} is installed.", version)
                : new DependencyHealth(false, $"{name} --version exited with {result.ExitCode}: {result.StderrTail.LastOrDefault()}");
        }
        catch (Exception e) when (e is ToolStartException or ToolTimeoutException or System.ComponentModel.Win32Exception)
        {
            return new DependencyHealth(false, $"{name} could not be started from '{tool}': {FirstLine(e.Message)}");
        }
    }

    private static string StripAnsi(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\x1b\[[0-9;]*m", "");

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>One probe at a time; its result is kept once it is a success.</summary>
    private sealed class SuccessCache(Func<Task<DependencyHealth>> probe)
    {
        private readonly Lock gate = new();
        private Task<DependencyHealth>? current;

        public Task<DependencyHealth> Get()
        {
            lock (gate)
            {
                if (current is null || (current.IsCompleted && !(current.IsCompletedSuccessfully && current.Result.Ok)))
                    current = probe();
                return current;
            }
        }
    }
}

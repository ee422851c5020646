using System.Net;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.EndToEnd.CommandLine;

/// <summary>`trustedoss scan` and `watch` as processes against the self-host: live and polled progress, exit codes, errors.</summary>
[Collection(CliCollection.Name)]
public sealed class CliScanTests(CliFixture app, ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Stages = ["bootstrap", "fetch", "prep", "cdxgen", "scancode", "dt_upload", "dt_findings", "finalize"];

    public void Dispose() => app.WriteOutputTo(output);

    private CliProcess.Result Log(CliProcess.Result result)
    {
        output.WriteLine(result.ToString());
        return result;
    }

    [Fact]
    public async Task Watch_follows_a_live_scan_over_the_hub_prints_every_stage_and_exits_0_on_succeeded()
    {
        var (scan, watch) = await app.FirstDemoScanAsync();
        Log(scan);
        Log(watch);
        Assert.Equal(0, scan.ExitCode);
        var scanId = Assert.Single(scan.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim();
        Assert.True(Guid.TryParse(scanId, out _), scan.ToString());

        Assert.Equal(0, watch.ExitCode);
        Assert.Matches($@"scan {scanId} of cli-demo \(source, ref main\): (queued|running)\n", watch.Stdout);
        Assert.Contains("live progress over /hubs/scans", watch.Stdout);
        foreach (var stage in Stages) Assert.Contains($"stage {stage}: succeeded", watch.Stdout);
        Assert.Contains("  cdxgen | ", watch.Stdout);
        Assert.Contains("100% succeeded", watch.Stdout);
        Assert.EndsWith($"scan {scanId} succeeded", watch.Stdout.TrimEnd());
        Assert.Equal("", watch.Stderr);
        Assert.Equal("main", (await app.ScanAsync(scanId)).GetProperty("metadata").GetProperty("ref").GetString());
    }

    [Fact]
    public async Task Scan_wait_polling_prints_the_stages_on_stderr_keeps_stdout_to_the_id_and_exits_0()
    {
        var scan = Log(await app.SecondDemoScanAsync());

        Assert.Equal(0, scan.ExitCode);
        var scanId = scan.Stdout.Trim();
        Assert.True(Guid.TryParse(scanId, out _), scan.ToString());
        Assert.Contains("polling every", scan.Stderr);
        foreach (var stage in Stages) Assert.Contains($"stage {stage}: succeeded", scan.Stderr);
        Assert.Contains($"scan {scanId} succeeded", scan.Stderr);
    }

    [Fact]
    public async Task Watch_behind_a_proxy_that_serves_no_hub_falls_back_to_polling_follows_the_scan_to_succeeded_and_exits_0()
    {
        // The proxy forwards only /v1/…: the hub's negotiate gets 404 there, and the Serverless negotiate at
        // /v1/scans reaches the self-host, which has no Azure SignalR Service configured (503).
        await using var proxy = new ApiOnlyReverseProxy(app.Process.BaseAddress);
        await proxy.StartAsync();
        using var client = app.Api.Client(app.Developer.Key);
        var projectId = await SelfHostApi.CreateProjectAsync(client, "file://" + app.DemoCheckout);
        var scanId = await SelfHostApi.TriggerScanAsync(client, projectId);

        var watch = Log(await CliProcess.RunAsync(CliProcess.Environment(proxy.BaseAddress, app.Developer.Key), null, "watch", scanId));

        Assert.Equal(0, watch.ExitCode);
        Assert.Matches($@"scan {scanId} of \S+ \(source, ref main\): (queued|running)\n", watch.Stdout);
        Assert.Contains("live progress over /hubs/scans unavailable (", watch.Stdout);
        Assert.Contains("live progress over Azure SignalR Service unavailable (", watch.Stdout);
        Assert.Contains("polling every 2 s\n", watch.Stdout);
        Assert.Contains("/hubs/scans/negotiate", proxy.Refused);
        foreach (var stage in Stages) Assert.Contains($"stage {stage}: succeeded", watch.Stdout);
        Assert.Contains("  cdxgen | ", watch.Stdout); // the log lines, read from /v1/scans/{id}/logs
        Assert.EndsWith($"scan {scanId} succeeded", watch.Stdout.TrimEnd());
        Assert.Equal("", watch.Stderr);
    }

    [Fact]
    public async Task A_scan_of_a_missing_ref_fails_and_scan_wait_exits_2_with_the_reason()
    {
        // The spare project: nothing else scans it while this runs, except the cancel test (same collection: sequential).
        var scan = Log(await app.RunAsync("scan", "--project", "cli-spare", "--ref", "release/9.9", "--wait"));

        Assert.Equal(2, scan.ExitCode);
        var scanId = scan.Stdout.Trim();
        Assert.Contains("stage fetch: failed", scan.Stderr);
        Assert.Contains($"scan {scanId} failed", scan.Stderr);
        Assert.Contains("release/9.9", scan.Stderr);
        var stored = await app.ScanAsync(scanId);
        Assert.Equal("release/9.9", stored.GetProperty("metadata").GetProperty("ref").GetString());
        var watch = Log(await app.RunAsync("watch", scanId));
        Assert.Equal(2, watch.ExitCode);
        var gate = Log(await app.RunAsync("gate", "--scan", scanId));
        Assert.Equal(2, gate.ExitCode);
        Assert.Contains("there are no findings to judge", gate.Stderr);

        // The findings routes read only a succeeded scan of the project by scan_id.
        using var client = app.Api.Client(app.Developer.Key);
        var projectId = stored.GetProperty("project_id").GetString();
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/v1/projects/{projectId}/vulnerabilities?scan_id={scanId}"), HttpStatusCode.UnprocessableEntity, "scan_id");
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/v1/projects/{projectId}/components?scan_id={Guid.NewGuid()}"), HttpStatusCode.UnprocessableEntity, "scan_id");
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/v1/projects/{projectId}/licenses?scan_id=latest"), HttpStatusCode.UnprocessableEntity, "scan_id");
    }

    [Fact]
    public async Task Scan_dir_uploads_the_directory_as_a_zip_and_the_scan_reads_it()
    {
        var dir = Path.Combine(app.Scratch, "upload-src");
        await new GitRepoBuilder(dir).WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app")).BuildAsync();

        var scan = Log(await app.RunAsync("scan", "--project", "cli-spare", "--dir", dir, "--wait"));

        Assert.Equal(0, scan.ExitCode);
        var stored = await app.ScanAsync(scan.Stdout.Trim());
        var metadata = stored.GetProperty("metadata");
        var upload = metadata.GetProperty("upload").GetString()!;
        Assert.Equal($"{scan.Stdout.Trim()}/source.zip", upload);
        Assert.False(await UploadBlobs.ExistsAsync(upload), "finalize left the uploaded zip in blob storage");
        Assert.False(metadata.TryGetProperty("ref", out _)); // an upload has no ref, and no commit
        Assert.Equal(4, stored.GetProperty("counts").GetProperty("components").GetInt32());
        var gate = Log(await app.RunAsync("gate", "--scan", scan.Stdout.Trim(), "--fail-on-severity", "none", "--fail-on-license-tier", "forbidden"));
        Assert.Equal(0, gate.ExitCode);
    }

    [Fact]
    public async Task A_cancelled_scan_makes_watch_and_gate_exit_2_and_a_second_trigger_is_one_409_line_with_exit_3()
    {
        var queued = Log(await app.RunAsync("scan", "--project", "cli-spare", "--ref", ""));
        Assert.Equal(0, queued.ExitCode);
        var scanId = queued.Stdout.Trim();

        // One active scan per project holds with a ref override too.
        var second = Log(await app.RunAsync("scan", "--project", "cli-spare", "--ref", "develop"));
        Assert.Equal(3, second.ExitCode);
        Assert.Equal("", second.Stdout);
        var line = Assert.Single(second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Scan already in progress (HTTP 409)", line);
        Assert.Contains($"(active scan {scanId})", line);

        using var client = app.Api.Client(app.Developer.Key);
        // An empty --ref (a CI branch variable that is not set) is the default branch.
        Assert.Equal("main", (await app.ScanAsync(scanId)).GetProperty("metadata").GetProperty("ref").GetString());
        await SelfHostApi.SendAsync(client, HttpMethod.Post, $"/v1/scans/{scanId}/cancel", null, HttpStatusCode.OK);
        var watch = Log(await app.RunAsync("watch", scanId));
        Assert.Equal(2, watch.ExitCode);
        Assert.Contains($"scan {scanId} cancelled: cancelled by user", watch.Stdout);
        var gate = Log(await app.RunAsync("gate", "--scan", scanId));
        Assert.Equal(2, gate.ExitCode);
    }

    [Fact]
    public async Task Watch_following_a_running_scan_exits_2_when_the_scan_is_cancelled_under_it()
    {
        // A clone from a server that never answers keeps the scan in fetch for as long as the test needs.
        using var hanging = new HangingHttpServer();
        using var client = app.Api.Client(app.Developer.Key);
        var projectId = await SelfHostApi.CreateProjectAsync(client, hanging.RepoUrl("never").Replace("http://", "https://"));
        var scanId = await SelfHostApi.TriggerScanAsync(client, projectId);
        await ScanWaits.WaitForStageAsync(client, scanId, "fetch", "running");

        var watching = app.RunAsync("watch", scanId);
        await Task.Delay(TimeSpan.FromSeconds(5)); // the watcher starts and subscribes while the scan still runs
        await SelfHostApi.SendAsync(client, HttpMethod.Post, $"/v1/scans/{scanId}/cancel", null, HttpStatusCode.OK);
        var watch = Log(await watching);

        Assert.Equal(2, watch.ExitCode);
        Assert.Matches($@"scan {scanId} of \S+ \(source, ref main\): running\n", watch.Stdout);
        Assert.Contains("live progress over /hubs/scans", watch.Stdout);
        Assert.EndsWith($"scan {scanId} cancelled: cancelled by user", watch.Stdout.TrimEnd());
    }

    [Fact]
    public async Task A_bad_key_is_exit_3_with_one_line_that_never_shows_the_key_from_the_env_or_a_file()
    {
        const string badKey = "tos_this-key-is-not-known-0123456789";
        var fromEnv = Log(await CliProcess.RunAsync(CliProcess.Environment(app.Process.BaseAddress, badKey), null, "scan", "--project", "cli-demo"));
        var keyFile = Path.Combine(app.Scratch, "bad.key");
        await File.WriteAllTextAsync(keyFile, badKey + "\n");
        var fromFile = Log(await CliProcess.RunAsync(CliProcess.Environment(app.Process.BaseAddress, null), null,
            "gate", "--project", "cli-demo", "--api-key-file", keyFile));

        foreach (var result in new[] { fromEnv, fromFile })
        {
            Assert.Equal(3, result.ExitCode);
            Assert.Equal("", result.Stdout);
            var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", line);
            Assert.Contains("HTTP 401", line);
            Assert.DoesNotContain(badKey, result.Stderr);
            Assert.DoesNotContain("tos_", result.Stderr);
        }

        var noKey = Log(await CliProcess.RunAsync(CliProcess.Environment(app.Process.BaseAddress, null), null, "watch", Guid.NewGuid().ToString()));
        Assert.Equal(3, noKey.ExitCode);
        Assert.Equal("error: No API key: set TRUSTEDOSS_API_KEY or pass --api-key-file <file>.", noKey.Stderr.Trim());
        var keyFlag = Log(await app.RunAsync("watch", Guid.NewGuid().ToString(), "--api-key", badKey));
        Assert.Equal(3, keyFlag.ExitCode);
        Assert.DoesNotContain(badKey, keyFlag.Stdout + keyFlag.Stderr);
        Assert.Contains("--api-key is not accepted", keyFlag.Stderr);
    }

    [Fact]
    public async Task An_invalid_ref_and_a_missing_project_are_one_line_problems_with_exit_3()
    {
        var badRef = Log(await app.RunAsync("scan", "--project", "cli-spare", "--ref", "a..b"));
        Assert.Equal(3, badRef.ExitCode);
        var line = Assert.Single(badRef.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("HTTP 422", line);
        Assert.Contains("[field: metadata.ref]", line);

        var missing = Log(await app.RunAsync("gate", "--project", "no-such-project"));
        Assert.Equal(3, missing.ExitCode);
        Assert.Equal("error: No project 'no-such-project' is visible to this API key.", missing.Stderr.Trim());

        var unreachable = Log(await CliProcess.RunAsync(CliProcess.Environment(new Uri("http://127.0.0.1:9"), "tos_x"), null, "watch", Guid.NewGuid().ToString()));
        Assert.Equal(3, unreachable.ExitCode);
        Assert.StartsWith("error: Cannot reach http://127.0.0.1:9/", unreachable.Stderr.Trim());
    }
}

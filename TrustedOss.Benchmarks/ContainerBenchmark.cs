using System.Net;
using System.Text.Json;
using TrustedOss.Shared;

namespace TrustedOss.Benchmarks;

/// <summary>
/// Section 6: container scans of the test image (ImageArchiveBuilder: this machine's Debian files + a planted
/// minimist 1.2.5, built with umoci + skopeo) through the self-host process over HTTP, as a user runs them: the
/// archive uploaded, then wall time per stage from the scan's own stage records (server clock), and trigger to
/// succeeded. As a docker-save archive, as an OCI archive, and pulled by reference (skopeo) from a loopback
/// registry serving the same image (OciLayoutRegistry, Basic credentials from the settings), with the test trivy DB.
/// </summary>
public static class ContainerBenchmark
{
    private static readonly string[] Stages = ["bootstrap", "fetch", "dt_upload", "dt_findings", "finalize"];

    public static async Task RunAsync(BenchOptions options, string workDir, CancellationToken ct)
    {
        var trivyCache = Path.Combine(workDir, "trivy-cache");
        await DemoFixtures.WriteTrivyDbAsync(options.RequireTrivyDbWriter(), options.RepoRoot, trivyCache, ct);
        var archives = new Dictionary<string, string>
        {
            ["docker-save"] = await new ImageArchiveBuilder(Path.Combine(workDir, "docker")).BuildAsync(ImageArchiveKind.DockerSave),
            ["OCI"] = await new ImageArchiveBuilder(Path.Combine(workDir, "oci")).BuildAsync(ImageArchiveKind.Oci),
        };
        var password = Guid.NewGuid().ToString("N");
        await using var registry = new OciLayoutRegistry(await new ImageArchiveBuilder(Path.Combine(workDir, "registry")).BuildLayoutAsync(), "bench", password);
        await registry.StartAsync();
        archives["pulled"] = $"{registry.Host}/bench/app:app";
        await using var db = await BenchDatabase.CreateAsync(options.RequirePostgres(), ct);
        var settings = SelfHostBench.Settings(options, db, trivyCache, workDir);
        settings["REGISTRY_USERNAME"] = "bench";
        settings["REGISTRY_PASSWORD"] = password;
        settings["REGISTRY_INSECURE_HOSTS"] = "127.0.0.1";
        var bench = new SelfHostBench();

        var times = archives.Keys.ToDictionary(k => k, _ => Stages.Append("total").ToDictionary(s => s, _ => new List<TimeSpan>()));
        var details = new Dictionary<string, string>();
        try
        {
            var keys = await SelfHostProcess.SeedDemoAsync(settings, "file:///nowhere.git", Path.Combine(workDir, "demo.env"), bench.Keep, ct);
            await using var app = await SelfHostProcess.StartAsync(settings, bench.Keep, ct);
            var api = new SelfHostApi(app.BaseAddress, keys["ADMIN_API_KEY"]);
            var client = api.Client((await api.NewMemberAsync("developer", ct: ct)).Key);
            var project = await SelfHostApi.CreateProjectWithoutSourceAsync(client, ct);
            for (var run = -1; run < options.Runs; run++) // run -1 warms up (JIT, trivy's first start)
                foreach (var (kind, archive) in archives)
                {
                    using var response = kind == "pulled"
                        ? await client.PostAsync($"/v1/projects/{project}/scans", new StringContent(
                            JsonSerializer.Serialize(new { kind = "container", metadata = new { image_ref = archive } }), System.Text.Encoding.UTF8, "application/json"), ct)
                        : await SelfHostApi.UploadScanAsync(client, project, archive, Path.GetFileName(archive), "container", ct: ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"upload: {(int)response.StatusCode} {body}");
                    var scanId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
                    var scan = await SelfHostApi.WaitForTerminalAsync(client, scanId, TimeSpan.FromMinutes(3), ct);
                    if (scan.GetProperty("status").GetString() != "succeeded") throw new InvalidOperationException($"container scan did not succeed: {scan}");
                    if (run < 0) continue;
                    times[kind]["total"].Add(Time(scan, "completed_at") - Time(scan, "created_at"));
                    foreach (var stage in (await SelfHostApi.GetAsync(client, $"/v1/scans/{scanId}/stages", ct)).GetProperty("items").EnumerateArray())
                    {
                        var name = stage.GetProperty("stage").GetString()!;
                        times[kind][name].Add(Time(stage, "completed_at") - Time(stage, "started_at"));
                        details[name] = stage.GetProperty("detail").ValueKind == JsonValueKind.String ? stage.GetProperty("detail").GetString()! : "";
                    }
                    var vulnerabilities = (await SelfHostApi.GetAsync(client, $"/v1/projects/{project}/vulnerabilities", ct)).GetProperty("items").EnumerateArray()
                        .Select(v => v.GetProperty("id").GetString()).Distinct();
                    details["total"] = $"{scan.GetProperty("counts").GetProperty("components").GetInt32()} components, findings: {string.Join(", ", vulnerabilities)}";
                }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            throw bench.Failure(e);
        }

        Table.Print(
            $"6. Container scan of the test image ({string.Join(", ", archives.Where(a => a.Key != "pulled").Select(a => $"{a.Key} {new FileInfo(a.Value).Length / 1024} KiB"))}, pulled from a loopback registry), self-host over HTTP, " +
            $"median of {options.Runs} (after 1 warm-up)",
            ["stage", .. archives.Keys.Select(k => k + " median"), .. archives.Keys.Select(k => k + " min–max"), "what it did (last run)"],
            [
                .. Stages.Append("total").Select(stage => (string[])
                [
                    stage == "total" ? "trigger → succeeded" : stage,
                    .. archives.Keys.Select(k => Table.Seconds(new Timing(times[k][stage]).Median)),
                    .. archives.Keys.Select(k => $"{Table.Seconds(new Timing(times[k][stage]).Min)}–{Table.Seconds(new Timing(times[k][stage]).Max)}"),
                    details.GetValueOrDefault(stage, ""),
                ]),
            ],
            lastColumnIsText: true);
    }

    private static TimeSpan Time(JsonElement e, string name) => TimeSpan.FromTicks(e.GetProperty(name).GetDateTime().Ticks);
}

using TrustedOss.Shared;

namespace TrustedOss.Benchmarks;

/// <summary>
/// Section 4: the durable engine's own overhead. The real app runs as separate self-host processes
/// (<see cref="SelfHostProcess"/>) on one task hub over Azurite and a fresh database, and is driven only through
/// HTTP. Each scan is of a repository with no manifests, so every stage runs and the tools find nothing; the
/// tools' own time is taken out of each scan's trigger-to-succeeded time (<see cref="EngineScanTiming"/>).
/// </summary>
public static class EngineBenchmark
{
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(10);

    private sealed record Row(string SetUp, IReadOnlyList<EngineScanTiming> Scans, bool Batch);

    public static async Task RunAsync(BenchOptions options, string workDir, CancellationToken ct)
    {
        var gitUrl = await DemoFixtures.CreateRepoWithoutManifestsAsync(Path.Combine(workDir, "repo"), ct);
        var trivyCache = Path.Combine(workDir, "trivy-cache");
        await DemoFixtures.WriteTrivyDbAsync(options.RequireTrivyDbWriter(), options.RepoRoot, trivyCache, ct); // so trivy runs too
        await using var db = await BenchDatabase.CreateAsync(options.RequirePostgres(), ct);
        var settings = SelfHostBench.Settings(options, db, trivyCache, workDir);
        // The app's output is kept only to explain a failure.
        var bench = new SelfHostBench();

        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var rows = new List<Row>();
        try
        {
            var keys = await SelfHostProcess.SeedDemoAsync(settings, gitUrl, Path.Combine(workDir, "demo.env"), bench.Keep, ct);
            await using var first = await SelfHostProcess.StartAsync(settings, bench.Keep, ct);
            var member = await new SelfHostApi(first.BaseAddress, keys["ADMIN_API_KEY"]).NewMemberAsync("developer", ct: ct);
            List<HttpClient> clients = [new SelfHostApi(first.BaseAddress, keys["ADMIN_API_KEY"]).Client(member.Key)];
            var project = await SelfHostApi.CreateProjectAsync(clients[0], gitUrl, ct: ct);

            rows.Add(new Row("1 process, one scan at a time", await OneAtATimeAsync(clients, project, options.EngineRuns, ct), false));
            rows.Add(new Row($"1 process, {options.ConcurrentScans} scans at once", await AtOnceAsync(clients, gitUrl, options.ConcurrentScans, ct), true));

            await using var second = await SelfHostProcess.StartAsync(settings, bench.Keep, ct);
            clients.Add(new SelfHostApi(second.BaseAddress, keys["ADMIN_API_KEY"]).Client(member.Key));
            rows.Add(new Row("2 processes (one hub), one scan at a time", await OneAtATimeAsync(clients, project, options.EngineRuns, ct), false));
            rows.Add(new Row($"2 processes (one hub), {options.ConcurrentScans} scans at once", await AtOnceAsync(clients, gitUrl, options.ConcurrentScans, ct), true));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            throw bench.Failure(e);
        }

        Print(options, rows, load, File.ReadAllText("/proc/loadavg").Split(' ')[0]);
    }

    /// <summary>Scans of one project one after another (one warm-up per process first), triggered round-robin.</summary>
    private static async Task<IReadOnlyList<EngineScanTiming>> OneAtATimeAsync(IReadOnlyList<HttpClient> clients, string project, int runs, CancellationToken ct)
    {
        var kept = new List<EngineScanTiming>();
        for (var i = -clients.Count; i < runs; i++)
        {
            var client = clients[(i + clients.Count) % clients.Count];
            var timing = await ScanAsync(client, project, ct);
            if (i >= 0) kept.Add(timing);
        }
        return kept;
    }

    /// <summary>One scan on each of <paramref name="count"/> new projects, all triggered at once, round-robin.</summary>
    private static async Task<IReadOnlyList<EngineScanTiming>> AtOnceAsync(IReadOnlyList<HttpClient> clients, string gitUrl, int count, CancellationToken ct)
    {
        var projects = new List<string>();
        for (var i = 0; i < count; i++) projects.Add(await SelfHostApi.CreateProjectAsync(clients[0], gitUrl, ct: ct));
        return await Task.WhenAll(projects.Select((project, i) => ScanAsync(clients[i % clients.Count], project, ct)));
    }

    private static async Task<EngineScanTiming> ScanAsync(HttpClient client, string project, CancellationToken ct)
    {
        var scanId = await SelfHostApi.TriggerScanAsync(client, project, ct);
        await SelfHostApi.WaitForTerminalAsync(client, scanId, ScanTimeout, ct);
        return await EngineScanTiming.ReadAsync(client, scanId, ct);
    }

    private static void Print(BenchOptions options, IReadOnlyList<Row> rows, string loadBefore, string loadAfter)
    {
        static string Median(IEnumerable<TimeSpan> values) => Table.Seconds(new Timing(values.ToList()).Median);
        Table.Print(
            "4. Engine overhead: trigger → succeeded, a repository with no manifests (every stage runs, the tools find nothing), " +
            $"medians per scan (one-at-a-time rows: {options.EngineRuns} scans after a warm-up per process)",
            ["set-up", "scans", "total", "tools", "overhead", "between stages", "batch wall time", "tool runs/scan"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.SetUp, r.Scans.Count.ToString(), Median(r.Scans.Select(s => s.Total)), Median(r.Scans.Select(s => s.Tools)),
                Median(r.Scans.Select(s => s.Overhead)), Median(r.Scans.Select(s => s.BetweenStages)),
                r.Batch ? Table.Seconds(r.Scans.Max(s => s.CompletedAt) - r.Scans.Min(s => s.CreatedAt)) : "",
                Table.Number(r.Scans.Average(s => s.ToolRuns)),
            ]),
            [
                "total: the scan's created_at (trigger) → completed_at (succeeded), server clock (GET /v1/scans/{id}).",
                "tools: wall time of the external tool runs (git clone + rev-parse, cdxgen, trivy), each from its \"$ <command>\" log line",
                "       to its \"exited with code\" line (GET /v1/scans/{id}/logs). overhead = total - tools: durable dispatch and queues,",
                "       stage bookkeeping and in-process work (license detection, parsing, persisting).",
                "between stages: total - the sum of stage durations (stages' started_at → completed_at): dispatch and queue latency alone.",
                "batch wall time: first trigger → last succeeded. A process runs at most 4 stages at once (host.json).",
                $"load average (1 min) of this machine: {loadBefore} before, {loadAfter} after; {Environment.ProcessorCount} cores.",
            ]);
    }
}

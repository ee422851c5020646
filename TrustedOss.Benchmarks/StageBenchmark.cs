using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Licenses;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Sbom;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Pipeline.Vulnerabilities;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Benchmarks;

/// <summary>
/// Section 3: wall time per stage for the demo app, with the real pipeline pieces wired as the app
/// wires them (settings from configuration, the real process runner and tools), minus the durable
/// orchestration and the stage bookkeeping around them. Each run is a new scan in a new workspace.
/// </summary>
public static class StageBenchmark
{
    private const string Fetch = "fetch (SourceFetcher: git clone --depth 1)";
    private const string Cdxgen = "cdxgen (SbomGenerator)";
    private const string Licenses = "license detection (BuiltInLicenseDetector)";
    private const string Trivy = "trivy sbom (TrivyTool, test DB)";
    private const string Persist = "parse + persist (parsers, ScanResultsRepository)";

    public static async Task RunAsync(BenchOptions options, string workDir, CancellationToken ct)
    {
        var gitUrl = await DemoFixtures.CreateDemoRepoAsync(options.RepoRoot, Path.Combine(workDir, "demo-app"), ct);
        var trivyCache = Path.Combine(workDir, "trivy-cache");
        await DemoFixtures.WriteTrivyDbAsync(options.RequireTrivyDbWriter(), options.RepoRoot, trivyCache, ct);

        var config = Settings.From(
            ("TOOLS_DIR", options.ToolsDir), ("TRIVY_CACHE_DIR", trivyCache),
            ("WORKSPACE_ROOT", Path.Combine(workDir, "workspaces")), (GitOptions.AllowedSchemesKey, "https,ssh,file"));
        var tools = ToolOptions.From(config);
        var workspaceOptions = WorkspaceOptions.From(config);
        var runner = new ProcessRunner(TimeProvider.System);
        var fetcher = new SourceFetcher(new GitClient(runner, tools, GitOptions.From(config)), new ArchiveExtractor(workspaceOptions));
        var generator = new SbomGenerator(new CdxgenTool(runner, tools));
        var detector = new BuiltInLicenseDetector(tools, LicenseScanOptions.From(config), TimeProvider.System);
        var trivy = new TrivyTool(runner, tools);
        var workspaces = new ScanWorkspaces(workspaceOptions);
        var tiers = LegalTierCatalog.BuiltIn;
        var log = NullStageLog.Instance;

        await using var db = await BenchDatabase.CreateAsync(options.RequirePostgres(), ct);
        var results = new ScanResultsRepository(db.DataSource);
        var times = new Dictionary<string, List<TimeSpan>> { [Fetch] = [], [Cdxgen] = [], [Licenses] = [], [Trivy] = [], [Persist] = [] };
        var details = new Dictionary<string, string>();

        // One warm-up scan (run -1): JIT, node's module cache, trivy's first open of the DB.
        for (var run = -1; run < options.Runs; run++)
        {
            var scanId = await db.CreateScanAsync(ct);
            var workspace = workspaces.Create(scanId);
            try
            {
                void Keep(string stage, TimeSpan elapsed, string detail)
                {
                    if (run < 0) return;
                    times[stage].Add(elapsed);
                    details[stage] = detail;
                }

                var (fetched, t) = await Measure.TimeAsync(() => fetcher.RunAsync(workspace, FetchSource.Git(gitUrl, "main"), log, ct));
                Keep(Fetch, t, $"commit {fetched.CommitSha![..7]}");

                (var sbom, t) = await Measure.TimeAsync(() => generator.RunAsync(workspace, verbose: false, log, ct));
                Keep(Cdxgen, t, $"{sbom.ComponentCount} components from {sbom.ManifestCount} manifests");

                (var detected, t) = await Measure.TimeAsync(() => detector.ScanAsync(workspace.SourceDir, ct));
                if (detected.Skipped) throw new InvalidOperationException($"license detection skipped: {detected.SkipReason}");
                Keep(Licenses, t, $"{detected.Findings.Count} findings in {detected.FilesScanned} files");

                var report = Path.Combine(workspace.RootDir, "trivy-report.json");
                (var matched, t) = await Measure.TimeAsync(() => trivy.ScanSbomAsync(sbom.SbomPath, report, verbose: false, log, ct));
                if (!matched.Succeeded || !File.Exists(report))
                    throw new InvalidOperationException($"trivy exited with {matched.ExitCode}: {string.Join(" | ", matched.StderrTail)}");
                Keep(Trivy, t, "report written");

                (var persisted, t) = await Measure.TimeAsync(async () =>
                {
                    var bom = await CycloneDxParser.ParseFileAsync(sbom.SbomPath, ct);
                    await results.ReplaceComponentsAsync(scanId, bom.Components, tiers, ct);
                    await results.ReplaceDetectedLicensesAsync(scanId, detected.Findings, tiers, ct);
                    var findings = await TrivyReportParser.ParseFileAsync(report, ct);
                    await results.ReplaceVulnerabilityFindingsAsync(scanId, findings, ct);
                    return (Components: bom.Components.Count, Findings: findings);
                });
                if (persisted.Findings.Count == 0) throw new InvalidOperationException("trivy matched nothing: the demo app's minimist 1.2.5 should give CVE-2021-44906");
                Keep(Persist, t, $"{persisted.Components} components, {detected.Findings.Count} detected licenses, " +
                    $"{persisted.Findings.Count} vulnerability findings ({string.Join(", ", persisted.Findings.Select(f => f.VulnerabilityId).Distinct())})");
            }
            finally
            {
                workspace.Delete();
            }
        }

        string[] order = [Fetch, Cdxgen, Licenses, Trivy, Persist];
        var timings = order.Select(stage => (Stage: stage, Timing: new Timing(times[stage]))).ToList();
        var total = timings.Select(s => s.Timing).Aggregate(TimeSpan.Zero, (sum, tm) => sum + tm.Median);
        Table.Print(
            $"3. Wall time per stage, samples/demo-app, median of {options.Runs} (after 1 warm-up)",
            ["stage", "median", "min", "max", "what it did"],
            [
                .. timings.Select(s => new[] { s.Stage, Table.Seconds(s.Timing.Median), Table.Seconds(s.Timing.Min), Table.Seconds(s.Timing.Max), details[s.Stage] }),
                ["total (sum of medians)", Table.Seconds(total), "", "", ""],
            ],
            lastColumnIsText: true);
    }
}

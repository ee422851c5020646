using System.Text;
using CliWrap;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Licenses;

namespace TrustedOss.Benchmarks;

/// <summary>
/// Section 2: files/s of the built-in license detector versus Debian's licensecheck on one real tree
/// (<see cref="LicenseBenchTree"/>), and how many files each labelled with a license.
/// </summary>
public static class LicenseBenchmark
{
    public static async Task RunAsync(BenchOptions options, string workDir, CancellationToken ct)
    {
        var tree = Path.Combine(workDir, "license-tree");
        var files = LicenseBenchTree.Build(Path.Combine(options.ToolsDir, "node_modules"), tree, options.TreeFiles, ct);

        var tools = ToolOptions.From(Settings.From(("TOOLS_DIR", options.ToolsDir)));
        var detector = new BuiltInLicenseDetector(tools.SpdxLicenseListDir, new LicenseScanOptions(MaxFiles: 1_000_000, Timeout: TimeSpan.FromMinutes(10), null), TimeProvider.System);
        LicenseScanResult? result = null;
        var builtIn = await Measure.RunAsync(1, options.Runs, async _ =>
        {
            var (scan, elapsed) = await Measure.TimeAsync(() => detector.ScanAsync(tree, ct));
            if (scan.Skipped) throw new InvalidOperationException($"the built-in detector skipped the tree: {scan.SkipReason}");
            if (scan.Warnings.Count > 0) throw new InvalidOperationException($"the built-in detector ran degraded: {string.Join("; ", scan.Warnings)}");
            result = scan;
            return elapsed;
        });
        var builtInLabelled = result!.Findings.Select(f => f.SourcePath).Distinct(StringComparer.Ordinal).ToList();

        // licensecheck reads ~30–80 files/s: one run is already the longest part of the bench.
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var (licensecheckRun, licensecheckTime) = await Measure.TimeAsync(async () => await Cli.Wrap("licensecheck")
            .WithArguments(["-r", "--machine", tree])
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(errors))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(ct));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (licensecheckRun.ExitCode != 0 || lines.Length == 0)
            throw new InvalidOperationException($"licensecheck exited with {licensecheckRun.ExitCode} after {lines.Length} lines: {errors}");
        // --machine: path <TAB> license <TAB> copyright; "UNKNOWN" (possibly with a note) means no license found.
        var licensecheckLabelled = lines.Select(l => l.Split('\t')).Where(f => f is [_, var license, ..] && !license.StartsWith("UNKNOWN", StringComparison.Ordinal)).Select(f => f[0]).ToList();
        var licensecheckTiming = new Timing([licensecheckTime]);

        Table.Print(
            $"2. License detection throughput: {files:N0} files sampled from {Path.Combine(options.ToolsDir, "node_modules")} ({Environment.ProcessorCount} cores)",
            ["detector", "runs", "median", "files/s", "files read", "files labelled"],
            [
                ["built-in (BuiltInLicenseDetector.ScanAsync)", $"{options.Runs}", Table.Seconds(builtIn.Median), Table.Number(builtIn.Rate(files)),
                    $"{result.FilesScanned:N0}", $"{builtInLabelled.Count:N0}"],
                ["licensecheck -r --machine (Debian)", "1", Table.Seconds(licensecheckTime), Table.Number(licensecheckTiming.Rate(files)),
                    $"{lines.Length:N0}", $"{licensecheckLabelled.Count:N0}"],
            ],
            [
                $"ratio: the built-in detector is {Table.Ratio(builtIn.Rate(files) / licensecheckTiming.Rate(files))} licensecheck's files/s",
                $"built-in: {result.Findings.Count:N0} findings ({Breakdown(result)}); files/s counts every file of the tree",
                $"labelled by file type: built-in {ByExtension(builtInLabelled)}; licensecheck {ByExtension(licensecheckLabelled)}",
            ]);
    }

    /// <summary>The most frequent extensions among labelled files: where the two detectors differ.</summary>
    private static string ByExtension(IEnumerable<string> paths) =>
        string.Join(", ", paths.GroupBy(p => Path.GetExtension(p) is { Length: > 0 } e ? e : "(none)", StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(4).Select(g => $"{g.Key} {g.Count():N0}"));

    private static string Breakdown(LicenseScanResult result) =>
        string.Join(", ", result.Findings.GroupBy(f => f.Method).OrderBy(g => g.Key).Select(g => $"{g.Key.ToWire()} {g.Count():N0}"));
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using TrustedOss.Benchmarks;

// `./dev bench` runs this against a throwaway PostgreSQL; see BenchOptions.Usage for running it by hand.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop at the next await and clean up (drop the databases, delete the temp tree)
    cancel.Cancel();
};
var ct = cancel.Token;

var work = Directory.CreateTempSubdirectory("trustedoss-bench-").FullName;
var watch = Stopwatch.StartNew();
Console.WriteLine($"TrustedOSS benchmarks — {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, " +
    $"{Environment.ProcessorCount} cores{(Debugger.IsAttached ? ", DEBUGGER ATTACHED" : "")}");
Console.WriteLine($"sections: {string.Join(", ", BenchOptions.AllSections.Where(options.Includes))}; runs: {options.Runs}; tools: {options.ToolsDir}");
int status;
try
{
    if (options.Includes("persist")) await PersistBenchmark.RunAsync(options, ct);
    if (options.Includes("licenses")) await LicenseBenchmark.RunAsync(options, Path.Combine(work, "licenses"), ct);
    if (options.Includes("stages")) await StageBenchmark.RunAsync(options, Path.Combine(work, "stages"), ct);
    if (options.Includes("engine")) await EngineBenchmark.RunAsync(options, Path.Combine(work, "engine"), ct);
    if (options.Includes("logs")) await LogIngestBenchmark.RunAsync(options, ct);
    if (options.Includes("container")) await ContainerBenchmark.RunAsync(options, Path.Combine(work, "container"), ct);
    status = 0;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    status = 130;
}
catch (Exception ex) when (ex is InvalidOperationException or DirectoryNotFoundException or FileNotFoundException or TimeoutException)
{
    Console.Error.WriteLine($"bench failed: {ex.Message}");
    status = 1;
}
finally
{
    Directory.Delete(work, recursive: true); // takes seconds: the license tree alone is 5,000 files
}

if (status == 0)
{
    Console.WriteLine();
    Console.WriteLine($"done in {Table.Seconds(watch.Elapsed)} (clean-up included)");
}
return status;

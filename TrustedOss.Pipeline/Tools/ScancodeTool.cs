using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Licenses;
using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// ScanCode Toolkit, when the worker image has it (`scancode --license --json`, excluded dirs ignored).
/// Where it is absent the first-party license stage uses the built-in detector instead.
/// </summary>
public sealed class ScancodeTool(IProcessRunner runner, ToolOptions tools, LicenseScanOptions limits)
{
    /// <summary>The scancode executable, or null when it is neither an existing path nor on PATH.</summary>
    public string? Locate()
    {
        var candidate = tools.ScancodePath;
        if (Path.IsPathRooted(candidate)) return File.Exists(candidate) ? candidate : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, candidate))
            .FirstOrDefault(File.Exists);
    }

    public async Task<LicenseScanResult> ScanAsync(string executable, string sourceDir, string outputPath, bool verbose, IStageLog log, CancellationToken ct)
    {
        var arguments = new List<string> { "--license", "--json", outputPath, "--processes", "2", "--timeout", "120", "--quiet" };
        if (verbose) arguments[^1] = "--verbose";
        foreach (var dir in ExcludedDirectories.Names) arguments.AddRange(["--ignore", dir]);
        arguments.Add(sourceDir);
        var run = await runner.RunAsync(new ToolCommand(executable, arguments, sourceDir, limits.Timeout), log, ct);
        if (!run.Succeeded || !File.Exists(outputPath))
            return LicenseScanResult.Skip($"scancode exited with code {run.ExitCode}: {run.StderrTail.LastOrDefault() ?? "no output"}");
        return await ScancodeOutputParser.ParseFileAsync(outputPath, ct);
    }
}

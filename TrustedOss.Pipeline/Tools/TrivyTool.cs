using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// trivy against its local DB only: `--skip-db-update --offline-scan`, so no scan ever waits on a
/// download (the DB is refreshed by a separate job). Verbose scans add `--debug`.
/// </summary>
public sealed class TrivyTool(IProcessRunner runner, ToolOptions tools)
{
    // The pinned trivy's `sbom` command scans vulnerabilities only and rejects `--scanners` (it prints
    // its help and exits 1), so the flag is passed to `image` alone.
    public Task<ToolResult> ScanSbomAsync(string sbomPath, string reportPath, bool verbose, IStageLog log, CancellationToken ct) =>
        RunAsync(["sbom", .. CommonFlags(reportPath, verbose), sbomPath], Path.GetDirectoryName(reportPath)!, log, ct);

    public Task<ToolResult> ScanImageArchiveAsync(string archivePath, string reportPath, bool verbose, IStageLog log, CancellationToken ct) =>
        RunAsync(["image", "--scanners", "vuln", .. CommonFlags(reportPath, verbose), "--input", archivePath], Path.GetDirectoryName(reportPath)!, log, ct);

    /// <summary>Downloads the vulnerability DB from TRIVY_DB_REPOSITORY into <paramref name="cacheDir"/> (a staging dir, not the live one).</summary>
    public Task<ToolResult> DownloadDbAsync(string cacheDir, IStageLog log, CancellationToken ct) =>
        RunAsync(["image", "--download-db-only", "--db-repository", tools.TrivyDbRepository, "--cache-dir", cacheDir, "--quiet"], cacheDir, log, ct);

    private string[] CommonFlags(string reportPath, bool verbose) =>
    [
        "--format", "json", "--cache-dir", tools.TrivyCacheDir,
        "--skip-db-update", "--offline-scan", "--quiet", "--output", reportPath, .. verbose ? new[] { "--debug" } : [],
    ];

    private Task<ToolResult> RunAsync(string[] arguments, string workingDirectory, IStageLog log, CancellationToken ct) =>
        runner.RunAsync(new ToolCommand(tools.TrivyPath, arguments, workingDirectory, tools.TrivyTimeout,
            new Dictionary<string, string?> { ["TRIVY_NO_PROGRESS"] = "true" }), log, ct);
}

using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// trivy against its local DB only: `--skip-db-update --offline-scan`, so no scan ever waits on a
/// download (the DB is refreshed by a separate job). Normal scans run `--quiet`; verbose scans run `--debug`
/// instead, because `--quiet` discards every log line, the debug ones included.
/// </summary>
public sealed class TrivyTool(IProcessRunner runner, ToolOptions tools)
{
    // The pinned trivy's `sbom` command scans vulnerabilities only and rejects `--scanners` (it prints
    // its help and exits 1).
    public Task<ToolResult> ScanSbomAsync(string sbomPath, string reportPath, bool verbose, IStageLog log, CancellationToken ct) =>
        RunAsync(["sbom", .. CommonFlags(reportPath, verbose), sbomPath], Path.GetDirectoryName(reportPath)!, log, ct);

    /// <summary>
    /// The image's packages as a CycloneDX SBOM: OS packages (dpkg, apk, rpm) and language packages with their
    /// licenses. The vuln scanner is off, because the pinned trivy refuses to run it without a DB ("The first
    /// run cannot skip downloading DB"); matching happens on this SBOM like a source scan's. The layer cache
    /// goes to <paramref name="cacheDir"/> (the scan's workspace), not the shared TRIVY_CACHE_DIR.
    /// </summary>
    public Task<ToolResult> ImageSbomAsync(string archivePath, string sbomPath, string cacheDir, bool verbose, IStageLog log, CancellationToken ct) =>
        RunAsync(["image", "--scanners", "license", "--format", "cyclonedx", "--cache-dir", cacheDir, "--skip-db-update", "--offline-scan",
            "--output", sbomPath, QuietOrDebug(verbose), "--input", archivePath], Path.GetDirectoryName(sbomPath)!, log, ct);

    /// <summary>Downloads the vulnerability DB from TRIVY_DB_REPOSITORY into <paramref name="cacheDir"/> (a staging dir, not the live one).</summary>
    public Task<ToolResult> DownloadDbAsync(string cacheDir, IStageLog log, CancellationToken ct) =>
        RunAsync(["image", "--download-db-only", "--db-repository", tools.TrivyDbRepository, "--cache-dir", cacheDir, "--quiet"], cacheDir, log, ct);

    private string[] CommonFlags(string reportPath, bool verbose) =>
    [
        "--format", "json", "--cache-dir", tools.TrivyCacheDir,
        "--skip-db-update", "--offline-scan", "--output", reportPath, QuietOrDebug(verbose),
    ];

    private static string QuietOrDebug(bool verbose) => verbose ? "--debug" : "--quiet";

    private Task<ToolResult> RunAsync(string[] arguments, string workingDirectory, IStageLog log, CancellationToken ct) =>
        runner.RunAsync(new ToolCommand(tools.TrivyPath, arguments, workingDirectory, tools.TrivyTimeout,
            new Dictionary<string, string?> { ["TRIVY_NO_PROGRESS"] = "true" }), log, ct);
}

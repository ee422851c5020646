namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// Where tests find the repository, its pinned tools and the shared fixtures. TOOLS_DIR overrides the
/// tools folder (as in the app); otherwise the repo's `.tools` is found by walking up from the test assembly.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrustedOss.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No TrustedOss.sln above {AppContext.BaseDirectory}.");
    });

    public static string RepoRoot => Root.Value;

    public static string ToolsDir =>
        Environment.GetEnvironmentVariable("TOOLS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, ".tools");

    /// <summary>/work/shared/fixtures, or `&lt;repo&gt;/../shared/fixtures` (CI lays shared/ beside the clone).</summary>
    public static string FixturesDir
    {
        get
        {
            var beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures"));
            return Directory.Exists(beside) ? beside : "/work/shared/fixtures";
        }
    }

    /// <summary>The npm `spdx-license-list` package inside the tools folder.</summary>
    public static string SpdxLicenseListDir => Path.Combine(ToolsDir, "node_modules", "spdx-license-list");
}

namespace TrustedOss.Tests.TestSupport;

/// <summary>Where the repository, its pinned tools and the shared fixtures are, for tests that need them.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>The folder holding TrustedOss.sln, found by walking up from the test assembly.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>The pinned tools: env TOOLS_DIR, else the repo's <c>.tools</c> folder.</summary>
    public static string ToolsDir =>
        Environment.GetEnvironmentVariable("TOOLS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, ".tools");

    /// <summary>Real tool outputs (trivy reports, cdxgen SBOMs), committed with the tests so a clean clone has them.</summary>
    public static string FixturesDir => Path.Combine(RepoRoot, "TrustedOss.Tests", "Fixtures");

    /// <summary>Test data committed with the tests (copied next to the test assembly).</summary>
    public static string TestDataDir => Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>The npm `spdx-license-list` package inside the tools folder.</summary>
    public static string SpdxLicenseListDir => Path.Combine(ToolsDir, "node_modules", "spdx-license-list");

    /// <summary>The pinned cdxgen; fails (never skips) with the fix when the tools are not installed.</summary>
    public static string Cdxgen => RequireFile(Path.Combine(ToolsDir, "node_modules", ".bin", "cdxgen"));

    private static string RequireFile(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: install the pinned tools (cd .tools && npm ci) or set TOOLS_DIR.", path);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrustedOss.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No TrustedOss.sln above {AppContext.BaseDirectory}.");
    }
}

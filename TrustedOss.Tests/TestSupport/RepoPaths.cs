namespace TrustedOss.Tests.TestSupport;

/// <summary>Where tests find the repository, its pinned tools and the shared fixtures.</summary>
public static class RepoPaths
{
    static readonly Lazy<string> repoRoot = new(FindRepoRoot);

    /// <summary>The folder holding TrustedOss.sln, found by walking up from the test assembly.</summary>
    public static string RepoRoot => repoRoot.Value;

    /// <summary>TOOLS_DIR if set, else the repository's <c>.tools</c> folder.</summary>
    public static string ToolsDir =>
        Environment.GetEnvironmentVariable("TOOLS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, ".tools");

    /// <summary>/work/shared/fixtures, or <c>&lt;repo&gt;/../shared/fixtures</c>.</summary>
    public static string FixturesDir
    {
        get
        {
            const string shared = "/work/shared/fixtures";
            return Directory.Exists(shared) ? shared : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures"));
        }
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrustedOss.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No TrustedOss.sln above {AppContext.BaseDirectory}.");
    }
}

using System.Collections.Frozen;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// Directories first-party license detection never enters (spec "Detected (first-party) licenses are
/// missing"): third-party code, VCS data and build output. Matched on the directory's own name at
/// any depth, case-sensitively as on Linux. The scancode adapter passes the same names to `--ignore`.
/// </summary>
public static class ExcludedDirectories
{
    public static readonly FrozenSet<string> Names = new[]
    {
        "node_modules", "vendor", ".git", "dist", "build", "out", "target", ".venv",
        "bin", "obj",
        // The spec's "…": other dependency, tool and VCS folders of the same kind.
        "bower_components", "jspm_packages", ".hg", ".svn", "venv", "__pycache__", ".tox",
        ".mypy_cache", ".gradle", ".nuget", ".terraform", ".next", ".nuxt", ".cache",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsExcluded(string directoryName) => Names.Contains(directoryName);
}

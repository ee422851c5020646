namespace TrustedOss.Pipeline.Sbom;

/// <summary>
/// Makes cdxgen's <c>SrcFile</c> a path relative to the scanned tree (<c>package-lock.json</c>, <c>web/package-lock.json</c>),
/// which is what a CI report needs to point into the repository. cdxgen writes it absolute, or relative to the directory
/// it was started from — seen with 12.8.4: relative to the app's own working directory (it inherits PWD), not the one the
/// runner gives it. Anything that does not land on a file inside the tree is dropped.
/// </summary>
public static class ManifestPaths
{
    public static string? Relativize(string? srcFile, string sourceDir, string toolWorkingDir)
    {
        if (string.IsNullOrWhiteSpace(srcFile)) return null;
        var raw = srcFile.Trim();
        var root = Path.GetFullPath(sourceDir).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        string[] candidates = Path.IsPathRooted(raw)
            ? [raw]
            : [Path.Combine(sourceDir, raw), Path.Combine(toolWorkingDir, raw), Path.Combine(Environment.CurrentDirectory, raw),
               Path.Combine(Environment.GetEnvironmentVariable("PWD") ?? Environment.CurrentDirectory, raw)];
        foreach (var candidate in candidates)
        {
            var full = Path.GetFullPath(candidate);
            if (full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full))
                return Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
        }
        // Relative to some other directory: the tree's own path still shows inside it.
        var inside = raw.IndexOf(root.TrimStart(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        if (inside >= 0)
        {
            var relative = raw[(inside + root.Length - 1)..];
            if (File.Exists(Path.Combine(root, relative)) && !relative.Split('/').Contains("..")) return relative.Replace(Path.DirectorySeparatorChar, '/');
        }
        return null;
    }
}

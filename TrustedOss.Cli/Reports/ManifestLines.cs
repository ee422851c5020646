namespace TrustedOss.CommandLine.Reports;

/// <summary>
/// The line of a manifest where a package is declared, for SARIF's region. The CLI runs in the checked-out repository
/// in CI, so it reads the manifest from <c>--source-root</c>; when the file is not there, line 1 still points at it.
/// </summary>
public sealed class ManifestLines(string? sourceRoot)
{
    private readonly Dictionary<string, string[]?> files = [];

    public int LineOf(string manifestPath, string purl)
    {
        var lines = Read(manifestPath);
        var name = PackageName(purl);
        if (lines is null || name is null) return 1;
        // package-lock.json v2/v3 keys ("node_modules/minimist"), then any quoted mention (v1 lock, package.json, others).
        foreach (var needle in new[] { $"\"node_modules/{name}\"", $"\"{name}\"" })
        {
            var index = Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal));
            if (index >= 0) return index + 1;
        }
        return 1;
    }

    /// <summary><c>pkg:npm/%40scope/name@1.0.0?x#y</c> → <c>@scope/name</c>; null for a purl without a name.</summary>
    public static string? PackageName(string purl)
    {
        if (!purl.StartsWith("pkg:", StringComparison.Ordinal)) return null;
        var path = purl[4..].Split('?', '#')[0];
        var at = path.LastIndexOf('@');
        if (at > path.IndexOf('/')) path = path[..at];
        var parts = path.Split('/');
        return parts.Length < 2 ? null : Uri.UnescapeDataString(string.Join('/', parts[1..]));
    }

    private string[]? Read(string manifestPath)
    {
        if (files.TryGetValue(manifestPath, out var cached)) return cached;
        string[]? lines = null;
        if (sourceRoot is not null)
        {
            var root = Path.GetFullPath(sourceRoot);
            var full = Path.GetFullPath(Path.Combine(root, manifestPath));
            // Only files inside the source root: the path comes from the server.
            if (full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full))
                lines = File.ReadAllLines(full);
        }
        return files[manifestPath] = lines;
    }
}

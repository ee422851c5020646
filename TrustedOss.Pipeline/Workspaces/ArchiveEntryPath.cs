namespace TrustedOss.Pipeline.Workspaces;

/// <summary>
/// Turns a zip entry name (untrusted) into a relative path under the extraction root, or refuses it.
/// Both '/' and '\' count as separators, since zips made on Windows sometimes use '\'.
/// </summary>
internal static class ArchiveEntryPath
{
    /// <summary>The entry's path segments ('.' and empty segments dropped).</summary>
    public static string[] Segments(string entryName)
    {
        if (entryName.Contains('\0'))
            throw Refuse(ArchiveRule.InvalidArchive, entryName, "its name contains a NUL character");
        var name = entryName.Replace('\\', '/');
        if (IsAbsolute(name))
            throw Refuse(ArchiveRule.AbsolutePath, entryName, "its name is an absolute path");
        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
            throw Refuse(ArchiveRule.EscapesRoot, entryName, "its name uses '..' to leave the source folder");
        return segments;
    }

    /// <summary>
    /// Checks a symlink entry's target: it must be relative and, resolved from the link's own folder,
    /// stay inside the root. (Inside links are then skipped by the extractor, not created.)
    /// </summary>
    public static void CheckSymlinkTarget(string entryName, IReadOnlyList<string> linkSegments, string target)
    {
        var normalized = target.Replace('\\', '/');
        if (target.Length == 0 || target.Contains('\0') || IsAbsolute(normalized))
            throw Refuse(ArchiveRule.SymlinkOutsideRoot, entryName, "it is a symlink to an absolute path");
        var depth = linkSegments.Count - 1; // the folder the link sits in
        foreach (var segment in normalized.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            depth += segment == ".." ? -1 : 1;
            if (depth < 0)
                throw Refuse(ArchiveRule.SymlinkOutsideRoot, entryName, "it is a symlink pointing outside the source folder");
        }
    }

    /// <summary>Last line of defence: the combined full path must still be under the root.</summary>
    public static string FullPathUnder(string rootWithSeparator, string entryName, IEnumerable<string> segments)
    {
        var full = Path.GetFullPath(Path.Combine(rootWithSeparator, Path.Combine(segments.ToArray())));
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal) && full + Path.DirectorySeparatorChar != rootWithSeparator)
            throw Refuse(ArchiveRule.EscapesRoot, entryName, "it would be written outside the source folder");
        return full;
    }

    public static UnsafeArchiveException Refuse(ArchiveRule rule, string? entryName, string why)
    {
        var subject = entryName is null ? "the archive" : $"entry '{Printable(entryName)}'";
        return new UnsafeArchiveException(rule, entryName, $"Archive refused ({UnsafeArchiveException.Name(rule)}): {subject} — {why}.");
    }

    // '/x', '\\server\share' (already '/'-normalized), 'C:' drive paths.
    private static bool IsAbsolute(string name) =>
        name.StartsWith('/') || (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':');

    private static string Printable(string name)
    {
        var clean = new string(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length <= 200 ? clean : clean[..200] + "…";
    }
}

namespace TrustedOss.Pipeline.Licenses;

/// <summary>A file of the first-party tree.</summary>
/// <param name="RelativePath">Relative to the scanned root, forward slashes.</param>
internal sealed record SourceFile(string FullPath, string RelativePath, long Length, bool IsLicenseFile);

/// <summary>
/// Lists the first-party files of a source tree: excluded directories are not entered, symbolic links
/// are not followed (they could leave the tree), unreadable directories are passed over.
/// </summary>
internal static class SourceTreeWalker
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Device,
        ReturnSpecialDirectories = false,
    };

    /// <summary>The files in path order, or null as soon as there are more than <paramref name="maxFiles"/>.</summary>
    public static List<SourceFile>? Walk(string root, int maxFiles, CancellationToken cancellationToken)
    {
        var files = new List<SourceFile>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = pending.Pop();
            var subdirs = new List<DirectoryInfo>();
            foreach (var entry in dir.EnumerateFileSystemInfos("*", Options))
            {
                if (entry is DirectoryInfo sub)
                {
                    if (!ExcludedDirectories.IsExcluded(sub.Name)) subdirs.Add(sub);
                    continue;
                }
                if (entry is not FileInfo file) continue;
                var relative = Path.GetRelativePath(root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                files.Add(new SourceFile(file.FullName, relative, file.Length, LicenseFileNames.IsLicenseFile(file.Name)));
                if (files.Count > maxFiles) return null;
            }
            // Reverse order onto the stack so directories are visited alphabetically.
            foreach (var sub in subdirs.OrderByDescending(d => d.Name, StringComparer.Ordinal)) pending.Push(sub);
        }
        return files;
    }
}

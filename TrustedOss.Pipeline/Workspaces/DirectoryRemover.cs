namespace TrustedOss.Pipeline.Workspaces;

/// <summary>
/// Deletes a directory tree that untrusted content made: git's read-only objects, directories whose
/// write bit is gone, and symlinks (removed, never followed).
/// </summary>
public static class DirectoryRemover
{
    public static void Remove(string path)
    {
        var root = new DirectoryInfo(path);
        if (root.LinkTarget is not null) { root.Delete(); return; }
        if (!root.Exists) return;
        try
        {
            root.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // Make everything writable and try once more; a second failure is real and surfaces.
            MakeWritable(root);
            root.Delete(recursive: true);
        }
    }

    private static void MakeWritable(DirectoryInfo directory)
    {
        Allow(directory);
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) continue; // never follow a link out of the tree
            if (entry is DirectoryInfo child) MakeWritable(child);
            else Allow(entry);
        }
    }

    private static void Allow(FileSystemInfo entry)
    {
        if (OperatingSystem.IsWindows())
            entry.Attributes &= ~FileAttributes.ReadOnly;
        else
            entry.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | (entry is DirectoryInfo ? UnixFileMode.UserExecute : 0);
    }
}

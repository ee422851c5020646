using System.IO.Compression;

namespace TrustedOss.CommandLine.Commands;

/// <summary>
/// Zips <c>--dir</c> for a source upload the way the web page's folder upload does: entry names relative with '/',
/// and <c>.git</c> and <c>node_modules</c> left out (the scan reads manifests, not installed packages or history).
/// Symbolic links are skipped: the server refuses links that leave the tree, and a CI checkout rarely needs them.
/// </summary>
public static class DirectoryZipper
{
    private static readonly HashSet<string> Skipped = [".git", "node_modules"];

    public static async Task<string> ZipAsync(string directory, CancellationToken ct)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists) throw new CliException($"--dir '{directory}' is not a directory.");
        var zipPath = Path.Combine(Path.GetTempPath(), $"trustedoss-upload-{Guid.NewGuid():N}.zip");
        var files = 0;
        await using (var stream = File.Create(zipPath))
        await using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            var pending = new Stack<DirectoryInfo>([root]);
            while (pending.TryPop(out var dir))
            {
                foreach (var entry in dir.EnumerateFileSystemInfos())
                {
                    ct.ThrowIfCancellationRequested();
                    if (entry.LinkTarget is not null) continue;
                    if (entry is DirectoryInfo sub)
                    {
                        if (!Skipped.Contains(sub.Name)) pending.Push(sub);
                        continue;
                    }
                    var name = Path.GetRelativePath(root.FullName, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                    var zipEntry = zip.CreateEntry(name, CompressionLevel.Fastest);
                    await using var to = zipEntry.Open();
                    await using var from = File.OpenRead(entry.FullName);
                    await from.CopyToAsync(to, ct);
                    files++;
                }
            }
        }
        if (files == 0)
        {
            File.Delete(zipPath);
            throw new CliException($"--dir '{directory}' holds no files to scan (.git and node_modules are left out).");
        }
        return zipPath;
    }
}

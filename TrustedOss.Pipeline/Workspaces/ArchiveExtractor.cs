using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Workspaces;

/// <param name="Files">Regular files written.</param>
/// <param name="Bytes">Bytes actually written (what the size limit counts).</param>
/// <param name="SkippedSymlinks">Symlinks that pointed inside the archive; not created (see <see cref="ArchiveExtractor"/>).</param>
/// <param name="UnwrappedFolder">The single top-level folder that became the source root, if there was one.</param>
public sealed record ArchiveExtraction(int Files, long Bytes, int SkippedSymlinks, string? UnwrappedFolder);

/// <summary>
/// Extracts an uploaded .zip into a scan's source folder, refusing anything that could write outside
/// it or exhaust the disk (<see cref="ArchiveRule"/>). Every check runs on names before any byte is
/// written, except the size limit, which counts decompressed bytes as they are written.
/// </summary>
/// <remarks>
/// Decisions:
/// <list type="bullet">
/// <item>Symlinks: one pointing outside the root (absolute, or climbing out with '..') refuses the whole
/// archive. One pointing inside is <em>skipped</em>, not created: its target is already in the tree, and
/// a workspace with no symlinks at all cannot lead a later stage (or a later entry) out of it.</item>
/// <item>"Folder zipped" uploads: when every entry sits under one top-level folder (what zipping a
/// folder produces), that folder's content becomes the source root, so paths read <c>package.json</c>,
/// not <c>my-app/package.json</c>.</item>
/// <item>An archive with no files is refused as invalid: there would be nothing to scan.</item>
/// </list>
/// </remarks>
public sealed class ArchiveExtractor(WorkspaceOptions options)
{
    private const int S_IFMT = 0xF000;
    private const int S_IFLNK = 0xA000;
    private const int MaxSymlinkTargetBytes = 4096;

    public async Task<ArchiveExtraction> ExtractAsync(string archivePath, string destinationDir, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destinationDir));
        Directory.CreateDirectory(root);
        try
        {
            await using var archive = await ZipFile.OpenReadAsync(archivePath, cancellationToken);
            var entries = archive.Entries;
            if (entries.Count > options.ArchiveMaxEntries)
                throw ArchiveEntryPath.Refuse(ArchiveRule.TooManyEntries, null, $"it has {entries.Count} entries, more than the limit of {options.ArchiveMaxEntries} (ARCHIVE_MAX_ENTRIES)");

            // Honest headers let an oversized archive be refused before a byte is written; lying ones are
            // caught while writing (bytes counted as written, checksums compared).
            var declared = entries.Sum(e => e.Length);
            if (declared > options.ArchiveMaxUncompressedBytes)
                throw ArchiveEntryPath.Refuse(ArchiveRule.TooLarge, null, $"it declares {declared} bytes uncompressed, more than the limit of {options.ArchiveMaxUncompressedBytes} (ARCHIVE_MAX_UNCOMPRESSED_BYTES)");

            var plan = await PlanAsync(entries, cancellationToken);
            if (!plan.Any(p => p.Kind == EntryKind.File))
                throw ArchiveEntryPath.Refuse(ArchiveRule.InvalidArchive, null, "it contains no files");

            var written = await WriteAsync(plan, root + Path.DirectorySeparatorChar, cancellationToken);
            var folder = SingleTopLevelFolder(plan);
            if (folder is not null) Unwrap(root, folder);
            return new ArchiveExtraction(plan.Count(p => p.Kind == EntryKind.File), written, plan.Count(p => p.Kind == EntryKind.Symlink), folder);
        }
        catch (InvalidDataException ex)
        {
            throw new UnsafeArchiveException(ArchiveRule.InvalidArchive, null, $"Archive refused ({UnsafeArchiveException.Name(ArchiveRule.InvalidArchive)}): the upload is not a readable .zip ({ex.Message}).");
        }
    }

    private enum EntryKind { Directory, File, Symlink }

    private sealed record PlannedEntry(ZipArchiveEntry Entry, string[] Segments, EntryKind Kind);

    /// <summary>Validates every name (and symlink target) before anything is written.</summary>
    private static async Task<List<PlannedEntry>> PlanAsync(IReadOnlyCollection<ZipArchiveEntry> entries, CancellationToken cancellationToken)
    {
        var plan = new List<PlannedEntry>(entries.Count);
        foreach (var entry in entries)
        {
            var segments = ArchiveEntryPath.Segments(entry.FullName);
            if (segments.Length == 0) continue; // "./" or "/"-only names carry nothing
            var isSymlink = ((entry.ExternalAttributes >> 16) & S_IFMT) == S_IFLNK;
            if (isSymlink)
            {
                ArchiveEntryPath.CheckSymlinkTarget(entry.FullName, segments, await ReadSymlinkTargetAsync(entry, cancellationToken));
                plan.Add(new PlannedEntry(entry, segments, EntryKind.Symlink));
            }
            else
            {
                var isDirectory = entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\');
                plan.Add(new PlannedEntry(entry, segments, isDirectory ? EntryKind.Directory : EntryKind.File));
            }
        }
        return plan;
    }

    private static async Task<string> ReadSymlinkTargetAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        await using var stream = await entry.OpenAsync(cancellationToken);
        var buffer = new byte[MaxSymlinkTargetBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0) read += n;
        if (read > MaxSymlinkTargetBytes)
            throw ArchiveEntryPath.Refuse(ArchiveRule.SymlinkOutsideRoot, entry.FullName, "it is a symlink with an implausibly long target");
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Writes directories and files; the size limit counts real decompressed bytes, since headers can lie.</summary>
    private async Task<long> WriteAsync(List<PlannedEntry> plan, string rootWithSeparator, CancellationToken cancellationToken)
    {
        long total = 0;
        var buffer = new byte[81920];
        foreach (var (entry, segments, kind) in plan)
        {
            if (kind == EntryKind.Symlink) continue;
            var target = ArchiveEntryPath.FullPathUnder(rootWithSeparator, entry.FullName, segments);
            if (kind == EntryKind.Directory) { Directory.CreateDirectory(target); continue; }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var input = await entry.OpenAsync(cancellationToken);
            await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true);
            var crc = new Crc32();
            int n;
            while ((n = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += n;
                if (total > options.ArchiveMaxUncompressedBytes)
                    throw ArchiveEntryPath.Refuse(ArchiveRule.TooLarge, entry.FullName, $"the archive expands to more than {options.ArchiveMaxUncompressedBytes} bytes, more than its headers declare (ARCHIVE_MAX_UNCOMPRESSED_BYTES)");
                crc.Append(buffer.AsSpan(0, n));
                await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            }

            // .NET stops decompressing at the size the header declares; a header that lies (the zip-bomb
            // trick) would otherwise leave a silently truncated file. The checksum exposes the lie.
            if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
                throw ArchiveEntryPath.Refuse(ArchiveRule.InvalidArchive, entry.FullName, "its content does not match the checksum in its header (corrupt, or sizes that lie)");
        }
        return total;
    }

    /// <summary>The one folder every entry sits under, or null (a top-level file, or several top-level names).</summary>
    private static string? SingleTopLevelFolder(List<PlannedEntry> plan)
    {
        var tops = plan.Select(p => p.Segments[0]).Distinct(StringComparer.Ordinal).ToArray();
        if (tops.Length != 1) return null;
        var onlyFolders = plan.All(p => p.Segments.Length > 1 || p.Kind == EntryKind.Directory);
        return onlyFolders ? tops[0] : null;
    }

    /// <summary>Makes <c>root/folder</c>'s content the content of <c>root</c>.</summary>
    private static void Unwrap(string root, string folder)
    {
        var staging = root + ".unwrap";
        DirectoryRemover.Remove(staging);
        Directory.Move(Path.Combine(root, folder), staging);
        Directory.Delete(root);
        Directory.Move(staging, root);
    }
}

using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Images;

/// <summary>
/// Unpacks an OCI archive (a tar of an OCI image layout) into a directory, because the pinned trivy reads an
/// OCI layout directory but not its tar (it exits 1 without a word). Untrusted input, so only what a layout
/// holds is written: `oci-layout`, `index.json` and `blobs/&lt;algorithm&gt;/&lt;hex digest&gt;` regular files
/// (plus their directories), within ARCHIVE_MAX_ENTRIES and ARCHIVE_MAX_UNCOMPRESSED_BYTES. Anything else
/// (links, devices, other paths) is refused.
/// </summary>
public sealed partial class OciLayoutExtractor(WorkspaceOptions limits)
{
    [GeneratedRegex(@"\A(?:oci-layout|index\.json|blobs/[a-z0-9]+/[a-f0-9]{32,128})\z", RegexOptions.CultureInvariant)]
    private static partial Regex LayoutFile();

    [GeneratedRegex(@"\A(?:blobs|blobs/[a-z0-9]+)/?\z", RegexOptions.CultureInvariant)]
    private static partial Regex LayoutDirectory();

    public async Task ExtractAsync(string archive, string destination, CancellationToken ct)
    {
        Directory.CreateDirectory(destination);
        await using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        var gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        await using Stream tar = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        await using var reader = new TarReader(tar, leaveOpen: true);
        long entries = 0, bytes = 0;
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (++entries > limits.ArchiveMaxEntries)
                throw new InvalidImageArchiveException($"The OCI archive has more than {limits.ArchiveMaxEntries} entries (setting ARCHIVE_MAX_ENTRIES).");
            var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
            if (name.Length == 0 || name == ".") continue;
            if (entry.EntryType == TarEntryType.Directory && LayoutDirectory().IsMatch(name))
            {
                Directory.CreateDirectory(Path.Combine(destination, name));
                continue;
            }
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !LayoutFile().IsMatch(name))
                throw new InvalidImageArchiveException($"The OCI archive holds '{Shorten(name)}', which is not part of an OCI image layout.");
            bytes += entry.Length;
            if (bytes > limits.ArchiveMaxUncompressedBytes)
                throw new InvalidImageArchiveException($"The OCI archive unpacks to more than {limits.ArchiveMaxUncompressedBytes} bytes (setting ARCHIVE_MAX_UNCOMPRESSED_BYTES).");
            var target = Path.Combine(destination, name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await entry.ExtractToFileAsync(target, overwrite: true, ct);
        }
        if (!File.Exists(Path.Combine(destination, "index.json")) || !File.Exists(Path.Combine(destination, "oci-layout")))
            throw new InvalidImageArchiveException("The OCI archive has no index.json and oci-layout at its root.");
    }

    private static string Shorten(string name) => name.Length <= 120 ? name : name[..120] + "…";
}

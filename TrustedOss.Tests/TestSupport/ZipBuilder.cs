using System.IO.Compression;
using System.Text;

namespace TrustedOss.Tests.TestSupport;

/// <summary>Writes .zip files entry by entry, including the hostile ones real attackers upload.</summary>
public sealed class ZipBuilder
{
    private const int S_IFLNK = 0xA000;
    private const int S_IFREG = 0x8000;
    private readonly List<Action<ZipArchive>> _entries = [];

    public ZipBuilder File(string name, string content = "x")
    {
        _entries.Add(zip => Write(zip.CreateEntry(name), Encoding.UTF8.GetBytes(content), S_IFREG | 0b110_100_100));
        return this;
    }

    public ZipBuilder Directory(string name)
    {
        _entries.Add(zip => zip.CreateEntry(name.EndsWith('/') ? name : name + "/"));
        return this;
    }

    /// <summary>A file of <paramref name="bytes"/> zeros: compresses ~1000:1, the zip-bomb shape.</summary>
    public ZipBuilder Zeros(string name, int bytes, bool stored = false)
    {
        var level = stored ? CompressionLevel.NoCompression : CompressionLevel.SmallestSize;
        _entries.Add(zip => Write(zip.CreateEntry(name, level), new byte[bytes], S_IFREG | 0b110_100_100));
        return this;
    }

    /// <summary>A symlink entry as Info-ZIP stores it: unix mode S_IFLNK in the high 16 bits, the target as content.</summary>
    public ZipBuilder Symlink(string name, string target)
    {
        _entries.Add(zip => Write(zip.CreateEntry(name), Encoding.UTF8.GetBytes(target), S_IFLNK | 0b111_111_111));
        return this;
    }

    public string WriteTo(string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var add in _entries) add(zip);
        return path;
    }

    /// <summary>
    /// Rewrites every declared uncompressed size (local headers and central directory) to
    /// <paramref name="claimedBytes"/>: the lie a zip bomb tells to pass header-based size checks.
    /// </summary>
    public static void LieAboutSizes(string path, uint claimedBytes)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        for (var i = 0; i + 30 <= bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            if (signature == 0x04034b50) BitConverter.TryWriteBytes(bytes.AsSpan(i + 22, 4), claimedBytes); // local file header
            else if (signature == 0x02014b50) BitConverter.TryWriteBytes(bytes.AsSpan(i + 24, 4), claimedBytes); // central directory
        }
        System.IO.File.WriteAllBytes(path, bytes);
    }

    private static void Write(ZipArchiveEntry entry, byte[] content, int unixMode)
    {
        entry.ExternalAttributes = unixMode << 16;
        using var stream = entry.Open();
        stream.Write(content);
    }
}

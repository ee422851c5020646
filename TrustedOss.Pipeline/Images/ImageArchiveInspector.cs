using System.Formats.Tar;
using System.IO.Compression;

namespace TrustedOss.Pipeline.Images;

public enum ImageArchiveFormat { DockerSave, Oci }

/// <summary>
/// Checks that untrusted bytes are an image archive before anything is stored or scanned: a tar (plain or
/// gzip) with `manifest.json` at its root (`docker save`, skopeo `docker-archive:`) or `index.json` and
/// `oci-layout` (an OCI image layout, skopeo `oci-archive:`). Only entry headers are read; nothing is extracted.
/// </summary>
public static class ImageArchiveInspector
{
    /// <summary>The format, or an <see cref="InvalidImageArchiveException"/> saying what the bytes are not.</summary>
    public static async Task<ImageArchiveFormat> InspectAsync(Stream content, CancellationToken ct)
    {
        var head = new byte[2];
        var read = await content.ReadAtLeastAsync(head, 2, throwOnEndOfStream: false, ct);
        if (read < 2) throw new InvalidImageArchiveException("The uploaded file is not an image archive: it is too short to be a tar.");
        var rest = new PrefixedStream(head.AsMemory(0, read), content);
        Stream tar = head[0] == 0x1f && head[1] == 0x8b ? new GZipStream(rest, CompressionMode.Decompress, leaveOpen: true) : rest;
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var reader = new TarReader(tar, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
                names.Add(entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            throw new InvalidImageArchiveException("The uploaded file is not an image archive: it is not a tar (or tar.gz) file.");
        }
        finally
        {
            if (!ReferenceEquals(tar, rest)) await tar.DisposeAsync();
        }

        if (names.Contains("manifest.json")) return ImageArchiveFormat.DockerSave;
        if (names.Contains("index.json") && names.Contains("oci-layout")) return ImageArchiveFormat.Oci;
        throw new InvalidImageArchiveException(names.Count == 0
            ? "The uploaded file is not an image archive: it is not a tar (or tar.gz) file."
            : "The uploaded tar is not an image archive: it has neither a manifest.json (docker save) nor an index.json and oci-layout (OCI) at its root.");
    }

    public static async Task<ImageArchiveFormat> InspectFileAsync(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        return await InspectAsync(file, ct);
    }

    /// <summary>The two sniffed bytes, then the rest of the stream: works on streams that cannot seek.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> pending = prefix;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (pending.IsEmpty) return inner.Read(buffer);
            var n = Math.Min(buffer.Length, pending.Length);
            pending.Span[..n].CopyTo(buffer);
            pending = pending[n..];
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (pending.IsEmpty) return await inner.ReadAsync(buffer, cancellationToken);
            return Read(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>The bytes are not a docker-save or OCI image archive; the message is one line for the user.</summary>
public sealed class InvalidImageArchiveException(string message) : Exception(message);

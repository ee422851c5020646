using Azure.Storage.Blobs;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Pipeline.Workspaces;

/// <summary>
/// Uploaded sources (.zip) and image archives live in the task hub's storage account until the scan's
/// fetch stage pulls them into its workspace, so any instance can run any stage.
/// </summary>
public sealed class UploadStore(DurableOptions durable, WorkspaceOptions limits)
{
    public const string ContainerName = "scan-uploads";
    private readonly Lazy<BlobContainerClient> container = new(() => new BlobServiceClient(durable.StorageConnectionString).GetBlobContainerClient(ContainerName));

    public async Task<string> SaveAsync(Guid scanId, string fileName, Stream content, CancellationToken ct)
    {
        await container.Value.CreateIfNotExistsAsync(cancellationToken: ct);
        var blobName = $"{scanId}/{(fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? "source.zip" : "image.tar")}";
        await using var limited = new LimitedReadStream(content, limits.UploadMaxBytes);
        await container.Value.GetBlobClient(blobName).UploadAsync(limited, overwrite: true, ct);
        return blobName;
    }

    public async Task DownloadToAsync(string blobName, string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await container.Value.GetBlobClient(blobName).DownloadToAsync(path, ct);
    }

    public async Task DeleteAsync(string blobName, CancellationToken ct) =>
        await container.Value.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: ct);

    /// <summary>
    /// Best effort, for callers that already ended the scan and must not fail on a storage hiccup: null when the
    /// upload is gone, else the (redacted) reason for the caller to log. The orphan cleaner retries later.
    /// </summary>
    public async Task<string?> TryDeleteAsync(string blobName, CancellationToken ct)
    {
        try
        {
            await DeleteAsync(blobName, ct);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return Security.CredentialRedactor.Redact(e.Message);
        }
    }

    /// <summary>Every stored upload with the scan it belongs to (its name's first segment) and when it was written.</summary>
    public async IAsyncEnumerable<StoredUpload> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (!await container.Value.ExistsAsync(ct)) yield break;
        await foreach (var blob in container.Value.GetBlobsAsync(cancellationToken: ct))
        {
            if (Guid.TryParse(blob.Name.Split('/')[0], out var scanId) && blob.Properties.LastModified is { } written)
                yield return new StoredUpload(scanId, blob.Name, written);
        }
    }

    public sealed record StoredUpload(Guid ScanId, string BlobName, DateTimeOffset WrittenAt);

    /// <summary>Counts bytes as they stream so an upload over the limit stops early, whatever Content-Length claimed.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Count(await inner.ReadAsync(buffer, cancellationToken));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            read += n;
            if (read > limit) throw Problem.PayloadTooLarge($"The upload is larger than the limit of {limit} bytes (setting UPLOAD_MAX_BYTES).").ToException();
            return n;
        }
    }
}

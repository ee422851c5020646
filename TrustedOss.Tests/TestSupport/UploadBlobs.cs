using Azure.Storage.Blobs;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// Reads the upload blob container (<see cref="UploadStore.ContainerName"/>) of the `./dev test` Azurite, which every
/// test host shares, directly with Azure.Storage.Blobs: whether a scan's <c>metadata.upload</c> blob is still stored.
/// </summary>
public static class UploadBlobs
{
    private static BlobContainerClient Container =>
        new BlobServiceClient(SelfHostServer.AzuriteConnectionString).GetBlobContainerClient(UploadStore.ContainerName);

    public static async Task<bool> ExistsAsync(string blobName) => (await Container.GetBlobClient(blobName).ExistsAsync()).Value;

    /// <summary>Stores <paramref name="content"/> as <paramref name="blobName"/>, as an upload would be.</summary>
    public static async Task PutAsync(string blobName, string content)
    {
        await Container.CreateIfNotExistsAsync();
        await Container.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(content), overwrite: true);
    }

    /// <summary>Asserts the blob is gone, waiting for it (the reclaim of a failed or cancelled scan runs just after its status changes).</summary>
    public static Task AssertDeletedAsync(string blobName) =>
        ScanWaits.UntilAsync(async () => !await ExistsAsync(blobName), $"the upload blob {UploadStore.ContainerName}/{blobName} is still stored");
}

using System.Formats.Tar;
using System.IO.Compression;
using TrustedOss.Pipeline.Images;

namespace TrustedOss.Tests.Unit.Images;

public sealed class ImageArchiveInspectorTests
{
    private static MemoryStream Tar(params string[] names)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, leaveOpen: true))
            foreach (var name in names)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream("{}"u8.ToArray()) });
        stream.Position = 0;
        return stream;
    }

    private static MemoryStream Gzip(MemoryStream tar)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true)) tar.CopyTo(gzip);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task A_docker_save_tar_has_a_manifest_json_and_an_oci_archive_an_index_json_and_oci_layout()
    {
        Assert.Equal(ImageArchiveFormat.DockerSave, await ImageArchiveInspector.InspectAsync(Tar("abc/layer.tar", "abc.json", "manifest.json", "repositories"), default));
        Assert.Equal(ImageArchiveFormat.Oci, await ImageArchiveInspector.InspectAsync(Tar("blobs/sha256/aa", "index.json", "oci-layout"), default));
        Assert.Equal(ImageArchiveFormat.Oci, await ImageArchiveInspector.InspectAsync(Tar("./oci-layout", "./index.json"), default));
        Assert.Equal(ImageArchiveFormat.DockerSave, await ImageArchiveInspector.InspectAsync(Gzip(Tar("layer.tar", "manifest.json")), default));
    }

    [Theory]
    [InlineData("these are not the bytes of a tar archive, but they are long enough to be read as a header block if the reader tried")]
    [InlineData("x")]
    [InlineData("PK\u0003\u0004 a zip file's magic")]
    public async Task Bytes_that_are_not_a_tar_are_refused(string content)
    {
        var e = await Assert.ThrowsAsync<InvalidImageArchiveException>(() => ImageArchiveInspector.InspectAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)), default));
        Assert.StartsWith("The uploaded file is not an image archive", e.Message);
    }

    [Fact]
    public async Task A_tar_without_the_image_files_at_its_root_is_refused_and_so_is_broken_gzip()
    {
        var e = await Assert.ThrowsAsync<InvalidImageArchiveException>(() => ImageArchiveInspector.InspectAsync(Tar("README", "app/manifest.json", "index.json"), default));
        Assert.Contains("neither a manifest.json (docker save) nor an index.json and oci-layout (OCI)", e.Message);
        var broken = new MemoryStream([0x1f, 0x8b, 1, 2, 3, 4, 5]);
        await Assert.ThrowsAsync<InvalidImageArchiveException>(() => ImageArchiveInspector.InspectAsync(broken, default));
    }
}

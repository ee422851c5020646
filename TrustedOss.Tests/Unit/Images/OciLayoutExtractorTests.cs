using System.Formats.Tar;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Images;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Tests.Unit.Images;

public sealed class OciLayoutExtractorTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("oci-layout-").FullName;

    public void Dispose() => DirectoryRemover.Remove(dir);

    private static OciLayoutExtractor Extractor(int maxEntries = 100, long maxBytes = 1024 * 1024) => new(new WorkspaceOptions("/unused", 1024, maxBytes, maxEntries));

    private string Tar(params TarEntry[] entries)
    {
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".tar");
        using var file = System.IO.File.Create(path);
        using var writer = new TarWriter(file);
        foreach (var entry in entries) writer.WriteEntry(entry);
        return path;
    }

    private static PaxTarEntry Entry(string name, string content = "{}") => new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    private const string Blob = "blobs/sha256/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task An_oci_layout_is_unpacked()
    {
        var target = Path.Combine(dir, "out");
        await Extractor().ExtractAsync(Tar(new PaxTarEntry(TarEntryType.Directory, "blobs/"), Entry("oci-layout"), Entry("index.json"), Entry(Blob, "layer")), target, default);

        Assert.Equal("layer", await System.IO.File.ReadAllTextAsync(Path.Combine(target, Blob)));
        Assert.True(System.IO.File.Exists(Path.Combine(target, "index.json")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("blobs/sha256/../../../etc/passwd")]
    [InlineData("app/run.sh")]
    public async Task Paths_outside_a_layout_are_refused(string name)
    {
        var e = await Assert.ThrowsAsync<InvalidImageArchiveException>(() => Extractor().ExtractAsync(Tar(Entry("oci-layout"), Entry("index.json"), Entry(name)), Path.Combine(dir, "out"), default));
        Assert.Contains("not part of an OCI image layout", e.Message);
        Assert.False(System.IO.File.Exists(Path.Combine(dir, "escape")));
    }

    [Fact]
    public async Task Links_and_archives_over_the_limits_are_refused()
    {
        var link = new PaxTarEntry(TarEntryType.SymbolicLink, Blob) { LinkName = "/etc/passwd" };
        await Assert.ThrowsAsync<InvalidImageArchiveException>(() => Extractor().ExtractAsync(Tar(Entry("oci-layout"), link), Path.Combine(dir, "a"), default));
        var many = await Assert.ThrowsAsync<InvalidImageArchiveException>(() => Extractor(maxEntries: 2).ExtractAsync(Tar(Entry("oci-layout"), Entry("index.json"), Entry(Blob)), Path.Combine(dir, "b"), default));
        Assert.Contains("ARCHIVE_MAX_ENTRIES", many.Message);
        var big = await Assert.ThrowsAsync<InvalidImageArchiveException>(() => Extractor(maxBytes: 10).ExtractAsync(Tar(Entry("oci-layout"), Entry(Blob, new string('x', 11))), Path.Combine(dir, "c"), default));
        Assert.Contains("ARCHIVE_MAX_UNCOMPRESSED_BYTES", big.Message);
        var noIndex = await Assert.ThrowsAsync<InvalidImageArchiveException>(() => Extractor().ExtractAsync(Tar(Entry("oci-layout")), Path.Combine(dir, "d"), default));
        Assert.Contains("no index.json", noIndex.Message);
    }
}

using TrustedOss.Pipeline.Sbom;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Sbom;

public sealed class ManifestPathsTests
{
    [Fact]
    public void Every_way_cdxgen_writes_SrcFile_becomes_a_path_inside_the_scanned_tree()
    {
        using var ws = new TempDirectory();
        var src = ws.Combine("src");
        Directory.CreateDirectory(Path.Combine(src, "web"));
        File.WriteAllText(Path.Combine(src, "package-lock.json"), "{}");
        File.WriteAllText(Path.Combine(src, "web", "package-lock.json"), "{}");

        Assert.Equal("package-lock.json", ManifestPaths.Relativize(Path.Combine(src, "package-lock.json"), src, ws.Path));
        Assert.Equal("web/package-lock.json", ManifestPaths.Relativize(Path.Combine(src, "web", "package-lock.json").TrimStart('/'), src, ws.Path));
        Assert.Equal("web/package-lock.json", ManifestPaths.Relativize("src/web/package-lock.json", src, ws.Path));
        Assert.Equal("package-lock.json", ManifestPaths.Relativize("package-lock.json", src, ws.Path));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside/package-lock.json")]
    [InlineData("missing/package-lock.json")]
    [InlineData("")]
    [InlineData(null)]
    public void A_path_outside_the_tree_or_of_no_file_is_dropped(string? srcFile)
    {
        using var ws = new TempDirectory();
        Directory.CreateDirectory(ws.Combine("src"));

        Assert.Null(ManifestPaths.Relativize(srcFile, ws.Combine("src"), ws.Path));
    }
}

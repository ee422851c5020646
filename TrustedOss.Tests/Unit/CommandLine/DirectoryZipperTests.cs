using System.IO.Compression;
using TrustedOss.CommandLine;
using TrustedOss.CommandLine.Commands;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.CommandLine;

public sealed class DirectoryZipperTests
{
    [Fact]
    public async Task Zips_the_tree_with_relative_names_leaving_out_git_node_modules_and_links()
    {
        using var dir = new TempDirectory();
        foreach (var file in new[] { "package.json", "src/index.js", ".git/config", "node_modules/x/package.json", "web/node_modules/y/index.js", ".github/ci.yml" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir.Combine(file))!);
            await File.WriteAllTextAsync(dir.Combine(file), file);
        }
        File.CreateSymbolicLink(dir.Combine("link.js"), "/etc/passwd");

        var zip = await DirectoryZipper.ZipAsync(dir.Path, CancellationToken.None);
        try
        {
            using var archive = ZipFile.OpenRead(zip);
            Assert.Equal([".github/ci.yml", "package.json", "src/index.js"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            using var reader = new StreamReader(archive.GetEntry("src/index.js")!.Open());
            Assert.Equal("src/index.js", await reader.ReadToEndAsync());
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public async Task A_missing_or_empty_directory_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine(".git"));
        await File.WriteAllTextAsync(dir.Combine(".git", "HEAD"), "ref: refs/heads/main");

        var empty = await Assert.ThrowsAsync<CliException>(() => DirectoryZipper.ZipAsync(dir.Path, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<CliException>(() => DirectoryZipper.ZipAsync(dir.Combine("nope"), CancellationToken.None));

        Assert.Contains("holds no files to scan", empty.Message);
        Assert.Contains("is not a directory", missing.Message);
    }
}

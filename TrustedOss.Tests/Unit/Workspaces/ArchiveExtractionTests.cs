using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Workspaces;

/// <summary>Uploaded .zip sources, through the fetch stage: what is accepted, and each refusal leaving no workspace.</summary>
public sealed class ArchiveExtractionTests : IDisposable
{
    private readonly SourceFetcherHarness _fetch = new(maxBytes: 1024 * 1024, maxEntries: 50);

    public void Dispose() => _fetch.Dispose();

    private async Task<UnsafeArchiveException> RefusedAsync(ZipBuilder zip)
    {
        Assert.True(_fetch.Workspace.Exists);
        var ex = await Assert.ThrowsAsync<UnsafeArchiveException>(() => _fetch.FetchZipAsync(zip));
        Assert.False(Directory.Exists(_fetch.Workspace.RootDir), "the workspace must be removed after a refusal");
        Assert.Contains(ex.Message, _fetch.Log.On(LogStream.Info));
        return ex;
    }

    [Fact]
    public async Task A_plain_archive_is_extracted_into_the_source_folder()
    {
        var result = await _fetch.FetchZipAsync(new ZipBuilder().File("package.json", "{}").File("src/index.js", "x").File("README.md"));

        Assert.Equal(_fetch.Workspace.SourceDir, result.SourceDir);
        Assert.Null(result.CommitSha);
        Assert.Equal("{}", File.ReadAllText(Path.Combine(result.SourceDir, "package.json")));
        Assert.True(File.Exists(Path.Combine(result.SourceDir, "src", "index.js")));
    }

    [Fact]
    public async Task A_zipped_folder_becomes_the_source_root()
    {
        var result = await _fetch.FetchZipAsync(new ZipBuilder().Directory("my-app/").File("my-app/package.json", "{}").File("my-app/lib/a.js"));

        Assert.True(File.Exists(Path.Combine(result.SourceDir, "package.json")));
        Assert.True(File.Exists(Path.Combine(result.SourceDir, "lib", "a.js")));
        Assert.False(Directory.Exists(Path.Combine(result.SourceDir, "my-app")));
        Assert.Contains("All entries were under the folder 'my-app'; it is the source root", _fetch.Log.On(LogStream.Info));
    }

    [Fact]
    public async Task One_top_level_folder_beside_a_top_level_file_is_kept_as_is()
    {
        var result = await _fetch.FetchZipAsync(new ZipBuilder().File("my-app/package.json", "{}").File("LICENSE"));

        Assert.True(File.Exists(Path.Combine(result.SourceDir, "my-app", "package.json")));
        Assert.True(File.Exists(Path.Combine(result.SourceDir, "LICENSE")));
    }

    [Fact]
    public async Task A_symlink_pointing_inside_the_archive_is_skipped_not_created()
    {
        var result = await _fetch.FetchZipAsync(new ZipBuilder().File("docs/LICENSE.txt", "MIT").Symlink("LICENSE", "docs/LICENSE.txt"));

        Assert.False(File.Exists(Path.Combine(result.SourceDir, "LICENSE")));
        Assert.Null(new FileInfo(Path.Combine(result.SourceDir, "LICENSE")).LinkTarget);
        Assert.Contains(_fetch.Log.On(LogStream.Info), l => l.StartsWith("Skipped 1 symlinks"));
    }

    [Theory]
    [InlineData("../evil.sh")]
    [InlineData("app/../../evil.sh")]
    [InlineData("app\\..\\..\\evil.sh")]
    public async Task Zip_slip_entries_are_refused(string name)
    {
        var ex = await RefusedAsync(new ZipBuilder().File("ok.txt").File(name, "pwned"));

        Assert.Equal(ArchiveRule.EscapesRoot, ex.Rule);
        Assert.Equal(name, ex.EntryName);
        Assert.StartsWith("Archive refused (zip-slip): entry '", ex.Message);
        Assert.False(File.Exists(Path.Combine(_fetch.Temp.Path, "workspaces", "evil.sh")));
    }

    [Theory]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("C:\\Windows\\evil.dll")]
    [InlineData("C:/Windows/evil.dll")]
    [InlineData("\\\\server\\share\\evil")]
    public async Task Absolute_paths_are_refused(string name)
    {
        var ex = await RefusedAsync(new ZipBuilder().File(name));

        Assert.Equal(ArchiveRule.AbsolutePath, ex.Rule);
        Assert.Contains("(absolute-path)", ex.Message);
    }

    [Theory]
    [InlineData("link", "/etc/passwd")]
    [InlineData("link", "../../../../etc/passwd")]
    [InlineData("app/link", "../../outside")]
    public async Task Symlinks_pointing_outside_the_root_are_refused(string name, string target)
    {
        var ex = await RefusedAsync(new ZipBuilder().File("app/a.txt").Symlink(name, target));

        Assert.Equal(ArchiveRule.SymlinkOutsideRoot, ex.Rule);
        Assert.Contains("(symlink-outside-root)", ex.Message);
    }

    [Fact]
    public async Task More_entries_than_the_limit_are_refused()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < 51; i++) zip.File($"f{i}.txt");

        var ex = await RefusedAsync(zip);

        Assert.Equal(ArchiveRule.TooManyEntries, ex.Rule);
        Assert.Contains("51 entries, more than the limit of 50 (ARCHIVE_MAX_ENTRIES)", ex.Message);
    }

    [Fact]
    public async Task A_zip_bomb_over_the_uncompressed_limit_is_refused()
    {
        var zip = new ZipBuilder().File("a.txt").Zeros("bomb.bin", 3 * 1024 * 1024);

        var ex = await RefusedAsync(zip);

        Assert.Equal(ArchiveRule.TooLarge, ex.Rule);
        Assert.Equal("Archive refused (too-large): the archive — it declares 3145729 bytes uncompressed, more than the limit of 1048576 (ARCHIVE_MAX_UNCOMPRESSED_BYTES).", ex.Message);
    }

    [Fact]
    public async Task Bytes_are_counted_as_written_so_an_entry_that_lies_about_its_size_is_stopped_at_the_limit()
    {
        // A stored entry is read by its compressed size, so here .NET yields every real byte despite the lie.
        var path = new ZipBuilder().File("a.txt").Zeros("bomb.bin", 3 * 1024 * 1024, stored: true).WriteTo(_fetch.Temp.Combine("stored-liar.zip"));
        ZipBuilder.LieAboutSizes(path, claimedBytes: 100);

        var ex = await Assert.ThrowsAsync<UnsafeArchiveException>(() => _fetch.FetchAsync(FetchSource.Archive(path)));

        Assert.Equal(ArchiveRule.TooLarge, ex.Rule);
        Assert.Equal("bomb.bin", ex.EntryName);
        Assert.Contains("expands to more than 1048576 bytes, more than its headers declare", ex.Message);
        Assert.False(_fetch.Workspace.Exists);
    }

    [Fact]
    public async Task A_zip_bomb_whose_headers_claim_a_small_size_is_refused_not_silently_truncated()
    {
        var path = new ZipBuilder().File("a.txt").Zeros("bomb.bin", 3 * 1024 * 1024).WriteTo(_fetch.Temp.Combine("liar.zip"));
        ZipBuilder.LieAboutSizes(path, claimedBytes: 100);

        var ex = await Assert.ThrowsAsync<UnsafeArchiveException>(() => _fetch.FetchAsync(FetchSource.Archive(path)));

        // .NET itself stops at the claimed 100 bytes, so the bomb never inflates; the checksum catches the lie.
        Assert.Equal(ArchiveRule.InvalidArchive, ex.Rule);
        Assert.Equal("bomb.bin", ex.EntryName);
        Assert.Contains("does not match the checksum", ex.Message);
        Assert.False(_fetch.Workspace.Exists);
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_is_refused_as_invalid()
    {
        var path = _fetch.Temp.Combine("not-a.zip");
        File.WriteAllText(path, "this is plain text");

        var ex = await Assert.ThrowsAsync<UnsafeArchiveException>(() => _fetch.FetchAsync(FetchSource.Archive(path)));

        Assert.Equal(ArchiveRule.InvalidArchive, ex.Rule);
        Assert.False(_fetch.Workspace.Exists);
    }

    [Fact]
    public async Task An_archive_with_no_files_is_refused()
    {
        var ex = await RefusedAsync(new ZipBuilder().Directory("empty/"));

        Assert.Equal(ArchiveRule.InvalidArchive, ex.Rule);
        Assert.Contains("contains no files", ex.Message);
    }
}

using System.Diagnostics;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Tools;

/// <summary>The fetch stage cloning real repositories with the real git, offline (file://, unreachable hosts).</summary>
public sealed class GitFetchTests : IDisposable
{
    private readonly SourceFetcherHarness _fetch = new();

    public void Dispose() => _fetch.Dispose();

    private async Task<(string Path, string Sha)> NpmRepoAsync()
    {
        var path = _fetch.Temp.Combine("repos", "npm-app");
        var sha = await new GitRepoBuilder(path).WithTestData("npm-minimist").BuildAsync();
        return (path, sha);
    }

    [Fact]
    public async Task Clones_the_branch_into_src_and_records_its_commit_sha()
    {
        var (repo, sha) = await NpmRepoAsync();

        var result = await _fetch.FetchAsync(FetchSource.Git("file://" + repo, "main"));

        Assert.Equal(sha, result.CommitSha);
        Assert.Equal(_fetch.Workspace.SourceDir, result.SourceDir);
        Assert.True(File.Exists(Path.Combine(result.SourceDir, "package-lock.json")));
        Assert.Contains($"Checked out commit {sha}", _fetch.Log.On(LogStream.Info));
    }

    [Fact]
    public async Task Credentials_in_the_url_work_and_appear_nowhere_in_the_log_or_the_clone()
    {
        var (repo, sha) = await NpmRepoAsync();
        // git ignores userinfo in file:// URLs, which makes this a real clone with a credentialed URL.
        var url = "file://deploy:s3cret-pat@localhost" + repo;

        var result = await _fetch.FetchAsync(FetchSource.Git(url, "main"));

        Assert.Equal(sha, result.CommitSha);
        Assert.Contains(_fetch.Log.On(LogStream.Info), l => l.Contains("clone") && l.Contains("file://***@localhost" + repo));
        Assert.DoesNotContain("s3cret-pat", _fetch.Log.AllText);
        Assert.DoesNotContain("s3cret-pat", File.ReadAllText(Path.Combine(result.SourceDir, ".git", "config")));
    }

    [Fact]
    public async Task A_missing_branch_fails_with_that_reason_and_leaves_no_workspace()
    {
        var (repo, _) = await NpmRepoAsync();

        var ex = await Assert.ThrowsAsync<GitFetchException>(() => _fetch.FetchAsync(FetchSource.Git("file://" + repo, "release/9.9")));

        Assert.Equal(GitFailureKind.BranchNotFound, ex.Kind);
        Assert.Equal("git clone failed: branch 'release/9.9' was not found in the repository; check the project's default branch.", ex.Message);
        Assert.False(_fetch.Workspace.Exists);
    }

    [Fact]
    public async Task A_missing_repository_fails_with_repository_not_found()
    {
        var ex = await Assert.ThrowsAsync<GitFetchException>(() => _fetch.FetchAsync(FetchSource.Git("file://" + _fetch.Temp.Combine("no-such-repo"), "main")));

        Assert.Equal(GitFailureKind.RepositoryNotFound, ex.Kind);
        Assert.False(_fetch.Workspace.Exists);
    }

    [Fact]
    public async Task An_unreachable_host_fails_fast_with_a_clear_reason_and_no_credentials()
    {
        var stopwatch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<GitFetchException>(() => _fetch.FetchAsync(FetchSource.Git("https://ci:t0ken-123@127.0.0.1:1/x.git", "main")));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.Equal(GitFailureKind.ConnectionFailed, ex.Kind);
        Assert.Equal("git clone failed: could not connect to 127.0.0.1 port 1: check the git URL's host and port.", ex.Message);
        Assert.DoesNotContain("t0ken-123", _fetch.Log.AllText);
        Assert.False(_fetch.Workspace.Exists);
    }

    [Theory]
    [InlineData("file:///tmp/x.git;touch /tmp/pwned", "shell metacharacter ';'")]
    [InlineData("--upload-pack=touch /tmp/pwned", "must not start with '-'")]
    public async Task A_dangerous_url_is_refused_before_git_runs(string url, string rule)
    {
        var ex = await Assert.ThrowsAsync<GitFetchException>(() => _fetch.FetchAsync(FetchSource.Git(url, "main")));

        Assert.Equal(GitFailureKind.InvalidUrl, ex.Kind);
        Assert.Contains(rule, ex.Message);
        Assert.DoesNotContain(_fetch.Log.Lines, l => l.Line.StartsWith("$ "));
        Assert.False(_fetch.Workspace.Exists);
    }

    [Fact]
    public async Task A_file_url_is_refused_when_the_setting_does_not_allow_it()
    {
        using var strict = new SourceFetcherHarness(schemes: "https,ssh");
        var (repo, _) = await NpmRepoAsync();

        var ex = await Assert.ThrowsAsync<GitFetchException>(() => strict.FetchAsync(FetchSource.Git("file://" + repo, "main")));

        Assert.Equal(GitFailureKind.InvalidUrl, ex.Kind);
        Assert.Contains("scheme 'file' is not allowed", ex.Message);
    }

    [Fact]
    public async Task A_symlink_in_the_repository_is_checked_out_as_a_plain_file()
    {
        var repo = _fetch.Temp.Combine("repos", "with-link");
        await new GitRepoBuilder(repo).WithFile("README.md", "hi").WithSymlink("passwd", "/etc/passwd").BuildAsync();

        var result = await _fetch.FetchAsync(FetchSource.Git("file://" + repo, "main"));

        var checkedOut = new FileInfo(Path.Combine(result.SourceDir, "passwd"));
        Assert.Null(checkedOut.LinkTarget);
        Assert.Equal("/etc/passwd", File.ReadAllText(checkedOut.FullName));
    }
}

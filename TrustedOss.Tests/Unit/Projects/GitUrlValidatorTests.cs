using TrustedOss.Pipeline.Projects;

namespace TrustedOss.Tests.Unit.Projects;

public sealed class GitUrlValidatorTests
{
    private static readonly string[] AllSchemes = ["https", "ssh", "file"];

    [Theory]
    [InlineData("https://github.com/org/repo.git", "https")]
    [InlineData("https://user:p%40ss@git.example.com/org/repo.git", "https")]
    [InlineData("ssh://git@git.example.com:2222/org/repo.git", "ssh")]
    [InlineData("git@github.com:org/repo.git", "ssh")]
    [InlineData("file:///srv/git/repo.git", "file")]
    [InlineData("file://user:token@localhost/srv/git/repo.git", "file")]
    [InlineData("https://[::1]:8443/org/repo.git", "https")]
    public void Accepts_allowed_urls_and_names_their_scheme(string url, string scheme)
    {
        var result = GitUrlValidator.Validate(url, AllSchemes);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(scheme, result.Scheme);
    }

    [Theory]
    [InlineData("https://github.com/org/repo.git;touch /tmp/x", "shell metacharacter ';'")]
    [InlineData("https://github.com/org/$(id).git", "shell metacharacter '$'")]
    [InlineData("https://github.com/org/repo.git|cat", "shell metacharacter '|'")]
    [InlineData("https://github.com/org/`id`.git", "shell metacharacter '`'")]
    [InlineData("https://github.com/org/a&b.git", "shell metacharacter '&'")]
    [InlineData("https://github.com/org/<x>.git", "shell metacharacter '<'")]
    [InlineData("--upload-pack=touch /tmp/x", "must not start with '-'")]
    [InlineData("-oProxyCommand=x@host:repo", "must not start with '-'")]
    [InlineData("ssh://-oProxyCommand=calc/repo.git", "host must not start with '-'")]
    [InlineData("https://github.com/org/re po.git", "whitespace")]
    [InlineData("https://github.com/org/repo.git\n", "control characters")]
    [InlineData("ext::sh%20-c%20id", "remote-helper form")]
    [InlineData("fd::17/repo", "remote-helper form")]
    [InlineData("ftp://example.com/repo.git", "unsupported transport")]
    [InlineData("/srv/git/repo.git", "must be an https://, ssh://, file:// URL")]
    [InlineData("https://github.com/", "no repository path")]
    [InlineData("https://github.com/org/repo.git?x=1", "query")]
    [InlineData("", "empty")]
    public void Refuses_dangerous_or_malformed_urls_naming_the_rule(string url, string rule)
    {
        var result = GitUrlValidator.Validate(url, AllSchemes);

        Assert.False(result.IsValid);
        Assert.Contains(rule, result.Error);
    }

    [Fact]
    public void Refuses_an_overlong_url()
    {
        var result = GitUrlValidator.Validate("https://example.com/" + new string('a', GitUrlValidator.MaxLength), AllSchemes);

        Assert.Contains("longer than 2048", result.Error);
    }

    [Fact]
    public void The_file_scheme_is_refused_unless_the_setting_allows_it()
    {
        var result = GitUrlValidator.Validate("file:///srv/git/repo.git", ["https", "ssh"]);

        Assert.False(result.IsValid);
        Assert.Equal("git_url scheme 'file' is not allowed here (allowed: https, ssh; setting GIT_ALLOWED_SCHEMES).", result.Error);
    }

    [Fact]
    public void An_error_never_repeats_the_credentials_of_the_url()
    {
        var result = GitUrlValidator.Validate("https://alice:s3cret@example.com/repo.git;x", AllSchemes);

        Assert.False(result.IsValid);
        Assert.DoesNotContain("s3cret", result.Error);
    }
}

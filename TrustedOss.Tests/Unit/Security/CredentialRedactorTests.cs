using TrustedOss.Pipeline.Security;

namespace TrustedOss.Tests.Unit.Security;

public sealed class CredentialRedactorTests
{
    [Theory]
    [InlineData("fatal: could not read from https://user:s3cr3t@git.example.com/org/x.git", "fatal: could not read from https://***@git.example.com/org/x.git")]
    [InlineData("Cloning into 'src'... ssh://deploy:tok@host:22/r.git", "Cloning into 'src'... ssh://***@host:22/r.git")]
    [InlineData("> Authorization: Bearer tos_abcdef123", "> Authorization: Bearer ***")]
    [InlineData("authorization: Basic dXNlcjpwYXNz", "authorization: Basic ***")]
    [InlineData("env GITHUB_TOKEN=ghp_123 NPM_PASSWORD='p w' PATH=/usr/bin", "env GITHUB_TOKEN=*** NPM_PASSWORD=*** PATH=/usr/bin")]
    [InlineData("AccountKey=Eby8vdM02x==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1", "AccountKey=***;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1")]
    public void Credentials_are_masked_and_the_rest_of_the_line_kept(string line, string expected) =>
        Assert.Equal(expected, CredentialRedactor.Redact(line));

    [Theory]
    [InlineData("resolved 42 packages from https://registry.npmjs.org/minimist")]
    [InlineData("pkg:npm/%40colors/colors@1.6.0")]
    [InlineData("git@github.com:org/repo.git")]
    public void Lines_without_credentials_are_unchanged(string line) => Assert.Equal(line, CredentialRedactor.Redact(line));

    [Fact]
    public void Mask_url_hides_only_the_userinfo() =>
        Assert.Equal("https://***@github.com/org/private.git", CredentialRedactor.MaskUrl("https://x-access-token:ghs_abc@github.com/org/private.git"));
}

using TrustedOss.Pipeline.Images;

namespace TrustedOss.Tests.Unit.Images;

/// <summary>The cases web/src/scans/scanRequestRules.test.ts repeats: the scan dialog and the API agree.</summary>
public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("alpine:3.19", "docker.io", "alpine", "3.19")]
    [InlineData("alpine", "docker.io", "alpine", null)]
    [InlineData("org/app", "docker.io", "org/app", null)]
    [InlineData("ghcr.io/org/app:1.2.3", "ghcr.io", "org/app", "1.2.3")]
    [InlineData("registry.example.com:5000/team/app-server:v2", "registry.example.com:5000", "team/app-server", "v2")]
    [InlineData("localhost/app", "localhost", "app", null)]
    [InlineData("myregistry:5000/app", "myregistry:5000", "app", null)]
    [InlineData("127.0.0.1:5000/a/b__c/d-e:V_1.0", "127.0.0.1:5000", "a/b__c/d-e", "V_1.0")]
    public void Docker_references_parse_into_registry_repository_and_tag(string value, string registry, string repository, string? tag)
    {
        Assert.True(ImageReference.TryParse(value, out var image, out var reason), reason);
        Assert.Equal((registry, repository, tag), (image.Registry, image.Repository, image.Tag));
    }

    [Fact]
    public void Digests_are_sha256_or_sha512_and_a_bare_name_pulls_latest()
    {
        Assert.True(ImageReference.TryParse($"ghcr.io/org/app:1@{Digest}", out var pinned, out _));
        Assert.Equal(Digest, pinned.Digest);
        Assert.Equal($"ghcr.io/org/app:1@{Digest}", pinned.ForPull);
        Assert.True(ImageReference.TryParse("alpine", out var bare, out _));
        Assert.Equal("alpine:latest", bare.ForPull);
        Assert.True(ImageReference.TryParse($"app@{Digest}", out var digestOnly, out _));
        Assert.Equal($"app@{Digest}", digestOnly.ForPull);
    }

    [Theory]
    [InlineData("alpine:3.19 ; rm -rf /", "no spaces")]
    [InlineData("alpine :3.19", "no spaces")]
    [InlineData("alpine:3.19\n", "no spaces")]
    [InlineData("Alpine:3.19", "lowercase")]
    [InlineData("MyOrg/app:1", "lowercase")]
    [InlineData("ghcr.io/Org/app:1", "lowercase")]
    [InlineData("--flag", "starts with '-'")]
    [InlineData("-oops:1", "starts with '-'")]
    [InlineData("alpine::3", "lowercase")]
    [InlineData("ghcr.io/org/app:", "lowercase")]
    [InlineData("app@sha256:abc", "lowercase")]
    [InlineData("app@md5:0123456789abcdef0123456789abcdef", "lowercase")]
    [InlineData("app:-tag", "lowercase")]
    [InlineData("https://ghcr.io/org/app", "lowercase")]
    [InlineData("", "lowercase")]
    public void Anything_else_is_refused_with_its_reason(string value, string reason)
    {
        Assert.False(ImageReference.TryParse(value, out var image, out var why));
        Assert.Null(image);
        Assert.Contains(reason, why);
    }

    [Fact]
    public void Length_limits_are_512_characters_and_255_for_the_repository()
    {
        Assert.False(ImageReference.TryParse("a/" + new string('b', 2046), out _, out var tooLong));
        Assert.Equal("it is 2048 characters long; the limit is 512", tooLong);
        Assert.False(ImageReference.TryParse("a" + new string('b', 300), out _, out var longRepo));
        Assert.Equal("the repository name is longer than 255 characters", longRepo);
        Assert.True(ImageReference.TryParse(new string('a', 255), out _, out _));
    }
}

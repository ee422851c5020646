using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Tests.Unit.Scans;

public sealed class ScanRequestRulesTests
{
    [Theory]
    [InlineData("alpine:3.19")]
    [InlineData("alpine")]
    [InlineData("ghcr.io/org/app:1.2.3")]
    [InlineData("registry.example.com:5000/team/app-server:v2")]
    [InlineData("library/nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Docker_references_are_accepted(string imageRef) => Assert.Equal(imageRef, ScanRequestRules.CheckImageRef(imageRef));

    [Theory]
    [InlineData("-oops:1")]
    [InlineData("Alpine:3.19")]
    [InlineData("alpine:3.19 ; rm -rf /")]
    [InlineData("alpine::3")]
    [InlineData("")]
    [InlineData("ghcr.io/org/app:")]
    public void Anything_else_is_422_naming_the_field(string imageRef)
    {
        var e = Assert.Throws<ProblemException>(() => ScanRequestRules.CheckImageRef(imageRef));
        Assert.Equal(422, e.Problem.Status);
        Assert.Equal("metadata.image_ref", e.Problem.Extensions!["field"]);
    }

    [Fact]
    public void An_overlong_image_reference_is_refused_with_the_limit()
    {
        var e = Assert.Throws<ProblemException>(() => ScanRequestRules.CheckImageRef("a/" + new string('b', 600)));
        Assert.Equal("'metadata.image_ref' is not a container image reference (it is 602 characters long; the limit is 512), e.g. alpine:3.19 or ghcr.io/org/app:1.2.3.", e.Problem.Detail);
    }

    [Fact]
    public void An_absent_body_is_a_normal_source_scan()
    {
        var (kind, metadata) = ScanRequestRules.Validate(new TriggerScanRequest(), hasUpload: false);
        Assert.Equal(ScanKind.Source, kind);
        Assert.Equal(new ScanMetadata("normal"), metadata);
    }

    [Theory]
    [InlineData("source", null, "alpine:3", "metadata.image_ref")]
    [InlineData("container", null, null, "metadata.image_ref")]
    [InlineData("source", "loud", null, "metadata.verbosity")]
    [InlineData("sbom", null, null, "kind")]
    public void Inconsistent_requests_name_the_offending_field(string kind, string? verbosity, string? imageRef, string field)
    {
        var e = Assert.Throws<ProblemException>(() => ScanRequestRules.Validate(new TriggerScanRequest(kind, new ScanRequestMetadata(verbosity, imageRef)), hasUpload: false));
        Assert.Equal(field, e.Problem.Extensions!["field"]);
    }

    [Fact]
    public void A_ref_override_is_validated_as_a_git_ref()
    {
        var e = Assert.Throws<ProblemException>(() => ScanRequestRules.Validate(new TriggerScanRequest("source", new ScanRequestMetadata(Ref: "--upload-pack=x")), hasUpload: false));
        Assert.Equal("metadata.ref", e.Problem.Extensions!["field"]);
        Assert.Equal("feature/x", ScanRequestRules.Validate(new TriggerScanRequest("source", new ScanRequestMetadata(Ref: "feature/x")), false).Metadata.Ref);
    }

    [Fact]
    public void A_container_scan_takes_a_reference_or_an_archive_and_not_both()
    {
        Assert.Equal(("alpine:3.19", ScanKind.Container), ScanRequestRules.Validate(new TriggerScanRequest("container", new ScanRequestMetadata(ImageRef: "alpine:3.19")), false) is var (k, m) ? (m.ImageRef, k) : default);
        Assert.Null(ScanRequestRules.Validate(new TriggerScanRequest("container"), hasUpload: true).Metadata.ImageRef);
        var e = Assert.Throws<ProblemException>(() => ScanRequestRules.Validate(new TriggerScanRequest("container", new ScanRequestMetadata(ImageRef: "alpine:3.19")), hasUpload: true));
        Assert.Equal("metadata.image_ref", e.Problem.Extensions!["field"]);
        Assert.Contains("not both", e.Problem.Detail);
    }
}

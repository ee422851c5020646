using System.Text.RegularExpressions;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Projects;

namespace TrustedOss.Pipeline.Scans;

/// <summary>Validates a trigger request into the scan's kind and metadata; each failure names the field.</summary>
public static partial class ScanRequestRules
{
    public const int MaxImageRefLength = 512;

    // [registry[:port]/]name[:tag][@digest] — lowercase repository path, per the Docker reference grammar.
    [GeneratedRegex(@"^(?:(?<registry>[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]{1,5})?)/)?(?<name>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageReference();

    public static (ScanKind Kind, ScanMetadata Metadata) Validate(TriggerScanRequest request, bool hasUpload)
    {
        var kind = request.Kind switch
        {
            null or "source" => ScanKind.Source,
            "container" => ScanKind.Container,
            _ => throw Problem.Invalid("kind", $"'kind' must be 'source' or 'container', not '{request.Kind}'.").ToException(),
        };
        var metadata = request.Metadata ?? new ScanRequestMetadata();
        var verbosity = metadata.Verbosity ?? "normal";
        if (verbosity is not ("normal" or "verbose"))
            throw Problem.Invalid("metadata.verbosity", "'metadata.verbosity' must be 'normal' or 'verbose'.").ToException();

        string? imageRef = null;
        if (kind == ScanKind.Container)
        {
            if (metadata.ImageRef is null && !hasUpload)
                throw Problem.Invalid("metadata.image_ref", "A container scan needs 'metadata.image_ref' (e.g. alpine:3.19) or an uploaded image archive.").ToException();
            if (metadata.ImageRef is not null) imageRef = CheckImageRef(metadata.ImageRef);
            if (metadata.Ref is not null) throw Problem.Invalid("metadata.ref", "'metadata.ref' applies to source scans only.").ToException();
        }
        else if (metadata.ImageRef is not null)
            throw Problem.Invalid("metadata.image_ref", "'metadata.image_ref' applies to container scans only.").ToException();

        if (metadata.Ref is not null && BranchNameValidator.Validate(metadata.Ref) is { } refError)
            throw Problem.Invalid("metadata.ref", refError.Replace("default_branch", "metadata.ref")).ToException();
        return (kind, new ScanMetadata(verbosity, imageRef, metadata.Ref));
    }

    public static string CheckImageRef(string value)
    {
        if (value.Length > MaxImageRefLength)
            throw Problem.Invalid("metadata.image_ref", $"'metadata.image_ref' is {value.Length} characters long; the limit is {MaxImageRefLength}.").ToException();
        if (value.StartsWith('-') || !ImageReference().IsMatch(value))
            throw Problem.Invalid("metadata.image_ref", $"'{value}' is not a container image reference: use [registry[:port]/]name[:tag][@digest] with a lowercase repository, e.g. alpine:3.19 or ghcr.io/org/app:1.2.3.").ToException();
        return value;
    }
}

using TrustedOss.Pipeline.Images;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Projects;

namespace TrustedOss.Pipeline.Scans;

/// <summary>Validates a trigger request into the scan's kind and metadata; each failure names the field.</summary>
public static class ScanRequestRules
{
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
            if (metadata.ImageRef is not null && hasUpload)
                throw Problem.Invalid("metadata.image_ref", "A container scan takes 'metadata.image_ref' or an uploaded image archive, not both.").ToException();
            if (metadata.ImageRef is not null) imageRef = CheckImageRef(metadata.ImageRef);
            if (metadata.Ref is not null) throw Problem.Invalid("metadata.ref", "'metadata.ref' applies to source scans only.").ToException();
        }
        else if (metadata.ImageRef is not null)
            throw Problem.Invalid("metadata.image_ref", "'metadata.image_ref' applies to container scans only.").ToException();

        if (metadata.Ref is not null && BranchNameValidator.Validate(metadata.Ref) is { } refError)
            throw Problem.Invalid("metadata.ref", refError.Replace("default_branch", "metadata.ref")).ToException();
        return (kind, new ScanMetadata(verbosity, imageRef, metadata.Ref));
    }

    /// <summary>The reference as given, or a 422 on `metadata.image_ref` with <see cref="ImageReference"/>'s reason.</summary>
    public static string CheckImageRef(string value) =>
        ImageReference.TryParse(value, out _, out var reason)
            ? value
            : throw Problem.Invalid("metadata.image_ref",
                $"'metadata.image_ref' is not a container image reference ({reason}), e.g. alpine:3.19 or ghcr.io/org/app:1.2.3.").ToException();
}

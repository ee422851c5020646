using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace TrustedOss.Pipeline.Images;

/// <summary>
/// A container image reference, `[registry[:port]/]name[:tag][@digest]`, by the Docker reference grammar
/// (distribution/reference): the first path component is a registry only when it has a '.' or a ':' or is
/// `localhost`; the repository is lowercase; a tag is at most 128 characters; a digest is sha256 (64 hex) or
/// sha512 (128 hex); nothing may follow (`\z`: .NET's `$` would let a trailing newline through). web/src/scans/scanRequestRules.ts mirrors this rule and its reasons for the scan dialog.
/// </summary>
public sealed partial record ImageReference(string Value, string Registry, string Repository, string? Tag, string? Digest)
{
    public const int MaxLength = 512;
    public const int MaxRepositoryLength = 255;

    /// <summary>Where a reference without a registry is pulled from (as docker and skopeo resolve it).</summary>
    public const string DefaultRegistry = "docker.io";

    [GeneratedRegex(@"^(?:(?<registry>localhost(?::[0-9]{1,5})?|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+)/)?(?<name>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="reason"/> says what is wrong, in words the API returns.</summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? reason)
    {
        reference = null;
        reason = null;
        if (value.Length > MaxLength) reason = $"it is {value.Length} characters long; the limit is {MaxLength}";
        else if (value.StartsWith('-')) reason = "it starts with '-'";
        else if (Grammar().Match(value) is not { Success: true } match) reason = "use [registry[:port]/]name[:tag][@digest] with a lowercase repository and no spaces";
        else if (match.Groups["name"].Length > MaxRepositoryLength) reason = $"the repository name is longer than {MaxRepositoryLength} characters";
        else
        {
            reference = new ImageReference(value,
                match.Groups["registry"].Success ? match.Groups["registry"].Value : DefaultRegistry,
                match.Groups["name"].Value,
                match.Groups["tag"].Success ? match.Groups["tag"].Value : null,
                match.Groups["digest"].Success ? match.Groups["digest"].Value : null);
        }
        return reference is not null;
    }

    /// <summary>The reference for a pull: with no tag and no digest, `latest` (as docker pulls it).</summary>
    public string ForPull => Tag is null && Digest is null ? Value + ":latest" : Value;

    public override string ToString() => Value;
}

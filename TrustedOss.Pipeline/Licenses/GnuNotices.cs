using System.Text.RegularExpressions;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// GNU notices of different versions share almost every word; the version they state ("either
/// version 3", "License version 2", "version 2.1 of the License") is what tells them apart, so it
/// overrides the version of the closest standard notice.
/// </summary>
internal static partial class GnuNotices
{
    /// <summary>`GPL-2.0-only` + a text saying "either version 3, or …" → `GPL-3.0-only`.</summary>
    public static string WithStatedVersion(string noticeId, string text)
    {
        var family = Family().Match(noticeId);
        if (!family.Success) return noticeId;
        var words = string.Join(' ', LicenseTokenizer.Tokenize(text));
        var stated = StatedVersion().Match(words);
        if (!stated.Success) return noticeId;
        var version = stated.Groups["major"].Value + "." + (stated.Groups["minor"].Success ? stated.Groups["minor"].Value : "0");
        var candidate = $"{family.Groups["name"].Value}-{version}-only";
        return SpdxIds.CanonicalLicense(candidate) is { } known && !SpdxIds.IsDeprecated(known) ? known : noticeId;
    }

    [GeneratedRegex(@"^(?<name>A?GPL|LGPL)-\d\.\d-only$")]
    private static partial Regex Family();

    // Over normalized words: "either version 3 or", "license version 2 as", "version 2 1 of the license".
    [GeneratedRegex(@"\b(?:either version|license version|under version) (?<major>[1-3])(?: (?<minor>[01]))?\b|\bversion (?<major>[1-3])(?: (?<minor>[01]))? of the license\b")]
    private static partial Regex StatedVersion();
}

using System.Text.RegularExpressions;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// Which file names are license files: LICENSE*, LICENCE*, COPYING*, NOTICE*, UNLICENSE, in any case.
/// The `*` is a suffix such as `.md`, `-MIT`, `_APACHE`, `3`, `S` — not any word (`LicenseController.cs`
/// is source code).
/// </summary>
public static partial class LicenseFileNames
{
    public static bool IsLicenseFile(string fileName) => Pattern().IsMatch(Path.GetFileName(fileName));

    [GeneratedRegex(@"^(?:(?:LICEN[SC]E|COPYING|NOTICE)S?\d*(?:[.\-_].*)?|UNLICENSE(?:\..*)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using TrustedOss.Pipeline.Licenses;

namespace TrustedOss.Pipeline.Sbom;

/// <summary>
/// Fills in declared licenses of NuGet components that cdxgen leaves empty offline (FACTS.md): reads
/// `&lt;packagesDir&gt;/&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.nuspec` (all lower case) from the NuGet global
/// packages folder the restore wrote. `&lt;license type="expression"&gt;` wins; otherwise a
/// `&lt;licenseUrl&gt;` is used only when it names a license unambiguously (licenses.nuget.org,
/// opensource.org/licenses, spdx.org/licenses, the Apache-2.0 URL). A license shipped as a file,
/// or any other URL, stays unknown (null): guessing from a repository's LICENSE link would be a guess.
/// </summary>
public sealed partial class NuspecLicenseReader(string packagesDir)
{
    public string PackagesDir { get; } = packagesDir;

    /// <summary>NUGET_PACKAGES when set, else ~/.nuget/packages (NuGet's own rule).</summary>
    public static string DefaultPackagesDir() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// The components with <see cref="SbomComponent.DeclaredLicense"/> filled from the nuspec where
    /// it was missing and the component is `pkg:nuget/…`. Other components are returned unchanged.
    /// </summary>
    public async Task<IReadOnlyList<SbomComponent>> FillMissingLicensesAsync(
        IReadOnlyList<SbomComponent> components, CancellationToken cancellationToken)
    {
        var result = new List<SbomComponent>(components.Count);
        foreach (var component in components)
        {
            if (component.DeclaredLicense is null && ParseNugetPurl(component.Purl) is var (id, version)
                && await ReadLicenseAsync(id, version, cancellationToken) is { } license)
                result.Add(component with { DeclaredLicense = license });
            else
                result.Add(component);
        }
        return result;
    }

    /// <summary>The package's declared license as a normalized SPDX expression, or null when unknown or not restored.</summary>
    public async Task<string?> ReadLicenseAsync(string id, string version, CancellationToken cancellationToken)
    {
        var path = FindNuspec(id, version);
        if (path is null) return null;

        XDocument doc;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16 * 1024, useAsync: true);
            doc = await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken);
        }
        catch (XmlException)
        {
            return null; // a damaged nuspec is the same as no metadata
        }

        // The nuspec namespace changes with the schema version; match on local names.
        var metadata = doc.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        if (metadata is null) return null;
        var license = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        if (license is not null && string.Equals((string?)license.Attribute("type"), "expression", StringComparison.OrdinalIgnoreCase))
            return SpdxExpression.Parse(license.Value).Normalized;
        var url = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "licenseUrl")?.Value;
        return LicenseFromUrl(url);
    }

    /// <summary>`pkg:nuget/Newtonsoft.Json@13.0.3?x=y` → (Newtonsoft.Json, 13.0.3); null for other purls.</summary>
    internal static (string Id, string Version)? ParseNugetPurl(string? purl)
    {
        if (purl is null || !purl.StartsWith("pkg:nuget/", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = purl["pkg:nuget/".Length..];
        var cut = rest.IndexOfAny(['?', '#']);
        if (cut >= 0) rest = rest[..cut];
        var at = rest.LastIndexOf('@');
        if (at <= 0 || at == rest.Length - 1) return null;
        return (Uri.UnescapeDataString(rest[..at]), Uri.UnescapeDataString(rest[(at + 1)..]));
    }

    /// <summary>A license URL that names exactly one license, mapped to its SPDX expression; null otherwise.</summary>
    internal static string? LicenseFromUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var m = KnownLicenseUrl().Match(url.Trim());
        if (!m.Success) return null;
        if (m.Groups["apache"].Success) return "Apache-2.0";
        var text = Uri.UnescapeDataString(m.Groups["expr"].Value);
        var parsed = SpdxExpression.Parse(text);
        // Only ids SPDX lists: a URL path is not a place to invent LicenseRefs.
        return parsed.IsValid && parsed.Licenses().All(l => l.IsKnown) ? parsed.Normalized : null;
    }

    [GeneratedRegex(
        @"^https?://(?:(?:licenses\.nuget\.org/(?<expr>[^?#]+?))|(?:(?:www\.)?opensource\.org/licenses?/(?<expr>[A-Za-z0-9.\-+]+?)(?:\.php|\.html)?)|(?:spdx\.org/licenses/(?<expr>[A-Za-z0-9.\-+]+?)(?:\.html|\.json)?)|(?<apache>(?:www\.)?apache\.org/licenses/LICENSE-2\.0(?:\.txt|\.html)?))/?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KnownLicenseUrl();

    private string? FindNuspec(string id, string version)
    {
        var lowerId = id.ToLowerInvariant();
        foreach (var v in VersionFolders(version))
        {
            var path = Path.Combine(PackagesDir, lowerId, v, lowerId + ".nuspec");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>
    /// NuGet stores a package under its normalized version: lower case, no build metadata, at least
    /// three parts (`1.0` → `1.0.0`), a fourth part only when it is not zero.
    /// </summary>
    private static IEnumerable<string> VersionFolders(string version)
    {
        var v = version.Trim().ToLowerInvariant();
        yield return v;
        var plus = v.IndexOf('+');
        if (plus >= 0) v = v[..plus];
        var dash = v.IndexOf('-');
        var core = dash >= 0 ? v[..dash] : v;
        var label = dash >= 0 ? v[dash..] : string.Empty;
        var parts = core.Split('.').ToList();
        while (parts.Count < 3) parts.Add("0");
        if (parts.Count == 4 && parts[3] == "0") parts.RemoveAt(3);
        yield return string.Join('.', parts) + label;
    }
}

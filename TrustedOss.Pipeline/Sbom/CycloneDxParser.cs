using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrustedOss.Pipeline.Licenses;

namespace TrustedOss.Pipeline.Sbom;

/// <summary>
/// Reads a CycloneDX JSON SBOM (spec 1.4–1.7; older and newer ones are read the same way) into
/// <see cref="SbomComponent"/>s. The document is deserialized straight from the stream into small
/// DTOs, so fields this service does not use (evidence, dependencies, services, …) are
/// skipped rather than kept in memory, and unknown fields never fail the parse. Of `properties`, only cdxgen's
/// `SrcFile` (the manifest, as cdxgen wrote it) is kept.
/// Nested `components` are flattened depth-first, parent before children.
/// <para>Declared license of a component, from its `licenses[]`:</para>
/// <list type="bullet">
/// <item>`expression` entries are parsed as SPDX expressions;</item>
/// <item>`license.id` entries are SPDX ids;</item>
/// <item>`license.name` entries are used as an expression when they parse as one (`MIT`), otherwise
/// they become `LicenseRef-&lt;name with non-id characters replaced by '-'&gt;` (rated unknown);</item>
/// <item>several entries are joined with AND (all must be honoured). CycloneDX does not say how
/// several entries combine; AND is the reading that never understates obligations. Duplicates are
/// dropped, and an OR part is parenthesized: `[MIT, (A OR B)]` → `MIT AND (A OR B)`.</item>
/// </list>
/// </summary>
public static class CycloneDxParser
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = false,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new LenientStringConverter() },
    };

    /// <exception cref="InvalidDataException">The stream is not JSON, or not a CycloneDX document.</exception>
    public static async Task<CycloneDxBom> ParseAsync(Stream json, CancellationToken cancellationToken)
    {
        BomDto? dto;
        try
        {
            dto = await JsonSerializer.DeserializeAsync<BomDto>(json, Options, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The SBOM is not valid JSON: {e.Message}", e);
        }
        if (dto is null || !string.Equals(dto.BomFormat, "CycloneDX", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The SBOM is not a CycloneDX document (bomFormat '{dto?.BomFormat}').");

        var components = new List<SbomComponent>();
        Flatten(dto.Components, components);
        var root = dto.Metadata?.Component is { } r ? ToComponent(r) : null;
        return new CycloneDxBom(dto.SpecVersion, root, components);
    }

    public static async Task<CycloneDxBom> ParseFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        return await ParseAsync(stream, cancellationToken);
    }

    /// <summary>The declared-license rule described on this class, for one `licenses[]` array.</summary>
    internal static string? DeclaredLicense(IReadOnlyList<LicenseChoiceDto>? licenses)
    {
        if (licenses is null || licenses.Count == 0) return null;
        var parts = new List<SpdxExpression>();
        foreach (var choice in licenses)
        {
            if (!string.IsNullOrWhiteSpace(choice.Expression)) parts.Add(FromText(choice.Expression));
            else if (!string.IsNullOrWhiteSpace(choice.License?.Id)) parts.Add(FromText(choice.License.Id));
            else if (!string.IsNullOrWhiteSpace(choice.License?.Name)) parts.Add(FromText(choice.License.Name));
        }
        return SpdxExpression.AllOf(parts)?.ToString();
    }

    private static SpdxExpression FromText(string text)
    {
        var parsed = SpdxExpression.Parse(text);
        return parsed.IsValid ? parsed : SpdxExpression.Parse(LicenseRefFor(text));
    }

    /// <summary>`Apache License 2.0` → `LicenseRef-Apache-License-2.0`.</summary>
    internal static string LicenseRefFor(string name)
    {
        var sb = new StringBuilder("LicenseRef-");
        var lastDash = true;
        foreach (var c in name.Trim())
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c == '.';
            if (ok) { sb.Append(c); lastDash = false; }
            else if (!lastDash) { sb.Append('-'); lastDash = true; }
            if (sb.Length >= 80) break;
        }
        var text = sb.ToString().TrimEnd('-');
        return text == "LicenseRef" ? "LicenseRef-unnamed" : text;
    }

    private static void Flatten(List<ComponentDto>? components, List<SbomComponent> into)
    {
        if (components is null) return;
        foreach (var c in components)
        {
            if (c is null) continue;
            into.Add(ToComponent(c));
            Flatten(c.Components, into);
        }
    }

    private static SbomComponent ToComponent(ComponentDto c)
    {
        var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in c.Hashes ?? [])
            if (!string.IsNullOrEmpty(h?.Alg) && !string.IsNullOrEmpty(h.Content)) hashes.TryAdd(h.Alg, h.Content);
        return new SbomComponent(
            BomRef: NullIfEmpty(c.BomRef),
            Purl: NullIfEmpty(c.Purl),
            Name: c.Name ?? string.Empty,
            Group: NullIfEmpty(c.Group),
            Version: NullIfEmpty(c.Version),
            Type: NullIfEmpty(c.Type),
            Scope: NullIfEmpty(c.Scope),
            Hashes: hashes,
            DeclaredLicense: DeclaredLicense(c.Licenses),
            ManifestPath: ManifestPath(c.Properties));
    }

    // cdxgen names the manifest in the `SrcFile` property, as it saw it (absolute or relative to its working directory):
    // kept as written here; CdxgenStage makes it relative to the scanned tree (ManifestPaths).
    private static string? ManifestPath(List<PropertyDto>? properties) =>
        NullIfEmpty(properties?.FirstOrDefault(p => p?.Name == "SrcFile")?.Value);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private sealed class BomDto
    {
        [JsonPropertyName("bomFormat")] public string? BomFormat { get; set; }
        [JsonPropertyName("specVersion")] public string? SpecVersion { get; set; }
        [JsonPropertyName("metadata")] public MetadataDto? Metadata { get; set; }
        [JsonPropertyName("components")] public List<ComponentDto>? Components { get; set; }
    }

    private sealed class MetadataDto
    {
        [JsonPropertyName("component")] public ComponentDto? Component { get; set; }
    }

    private sealed class ComponentDto
    {
        [JsonPropertyName("bom-ref")] public string? BomRef { get; set; }
        [JsonPropertyName("purl")] public string? Purl { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("group")] public string? Group { get; set; }
        [JsonPropertyName("version")] public string? Version { get; set; }
        [JsonPropertyName("type")] public string? Type { get; set; }
        [JsonPropertyName("scope")] public string? Scope { get; set; }
        [JsonPropertyName("hashes")] public List<HashDto>? Hashes { get; set; }
        [JsonPropertyName("licenses")] public List<LicenseChoiceDto>? Licenses { get; set; }
        [JsonPropertyName("components")] public List<ComponentDto>? Components { get; set; }
        [JsonPropertyName("properties")] public List<PropertyDto>? Properties { get; set; }
    }

    private sealed class PropertyDto
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("value")] public string? Value { get; set; }
    }

    private sealed class HashDto
    {
        [JsonPropertyName("alg")] public string? Alg { get; set; }
        [JsonPropertyName("content")] public string? Content { get; set; }
    }

    internal sealed class LicenseChoiceDto
    {
        [JsonPropertyName("expression")] public string? Expression { get; set; }
        [JsonPropertyName("license")] public LicenseDto? License { get; set; }
    }

    internal sealed class LicenseDto
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrustedOss.Pipeline.Sbom;

namespace TrustedOss.Pipeline.Vulnerabilities;

/// <summary>
/// Reads a trivy JSON report (`--format json`; `SchemaVersion` 2, trivy ~0.45 to 0.71) into
/// <see cref="VulnerabilityFinding"/>s. `Results` or `Vulnerabilities` null/absent means none.
/// <para>CVSS: the rating from `nvd`, else `ghsa`, else the first source in the report that has a
/// score; within a source the v3 score is taken first (the scale most findings are compared on),
/// then v4.0, then v2.</para>
/// <para>EPSS and KEV: trivy's own DB has neither, but enriched reports (plugins, forks) add them.
/// Looked for, case-insensitively, on each vulnerability and inside its `Custom` object:
/// `EPSS` (a number = score, or an object with `Score`/`EPSSScore`/`Probability` and `Percentile`),
/// `EPSSScore`/`EpssScore`, `EPSSPercentile`/`EpssPercentile`; `KEV`, `CisaKev`, `CISAKEV`,
/// `KnownExploited`, `KnownExploitedVulnerability`, `IsKEV` (a boolean, "true"/"yes", or a non-empty
/// object meaning listed).</para>
/// </summary>
public static class TrivyReportParser
{
    private static readonly JsonSerializerOptions Options = new()
    {
        AllowTrailingCommas = true,
        Converters = { new LenientStringConverter() },
    };

    private static readonly string[] EpssScoreKeys = ["EPSSScore", "EpssScore"];
    private static readonly string[] EpssPercentileKeys = ["EPSSPercentile", "EpssPercentile"];
    private static readonly string[] EpssObjectScoreKeys = ["Score", "EPSSScore", "EPSS", "Probability"];
    private static readonly string[] KevKeys = ["KEV", "CisaKev", "CISAKEV", "KnownExploited", "KnownExploitedVulnerability", "IsKEV"];

    /// <exception cref="InvalidDataException">The stream is not a trivy JSON report.</exception>
    public static async Task<IReadOnlyList<VulnerabilityFinding>> ParseAsync(Stream json, CancellationToken cancellationToken)
    {
        ReportDto? report;
        try
        {
            report = await JsonSerializer.DeserializeAsync<ReportDto>(json, Options, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The trivy report is not valid JSON: {e.Message}", e);
        }

        var findings = new List<VulnerabilityFinding>();
        foreach (var result in report?.Results ?? [])
        {
            if (result?.Vulnerabilities is null) continue;
            foreach (var v in result.Vulnerabilities)
            {
                if (v is null || string.IsNullOrWhiteSpace(v.VulnerabilityId)) continue;
                findings.Add(ToFinding(v, result));
            }
        }
        return findings;
    }

    public static async Task<IReadOnlyList<VulnerabilityFinding>> ParseFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        return await ParseAsync(stream, cancellationToken);
    }

    /// <summary>
    /// Older trivy names the SBOM component by its bom-ref. A purl bom-ref is the component's purl, except that trivy's own
    /// image SBOM adds a <c>file_path</c> qualifier to a language package's (which copy in the image); the component's
    /// purl has none, so the qualifier goes and the finding joins its component. Other qualifiers (arch, distro) stay.
    /// </summary>
    private static string? PurlOfPkgRef(string? pkgRef)
    {
        if (pkgRef is null || !pkgRef.StartsWith("pkg:", StringComparison.Ordinal)) return null;
        var query = pkgRef.IndexOf('?');
        if (query < 0) return pkgRef;
        var end = pkgRef.IndexOf('#', query);
        var qualifiers = (end < 0 ? pkgRef[(query + 1)..] : pkgRef[(query + 1)..end])
            .Split('&').Where(q => !q.StartsWith("file_path=", StringComparison.Ordinal)).ToList();
        return pkgRef[..query] + (qualifiers.Count > 0 ? "?" + string.Join('&', qualifiers) : "") + (end < 0 ? "" : pkgRef[end..]);
    }

    private static VulnerabilityFinding ToFinding(VulnerabilityDto v, ResultDto result)
    {
        var extra = new ExtraFields(v.Extra);
        var (epssScore, epssPercentile) = extra.Epss();
        return new VulnerabilityFinding(
            VulnerabilityId: v.VulnerabilityId!.Trim(),
            PackageName: v.PkgName ?? string.Empty,
            Purl: NullIfEmpty(v.PkgIdentifier?.Purl) ?? PurlOfPkgRef(v.PkgRef),
            InstalledVersion: NullIfEmpty(v.InstalledVersion),
            FixedVersion: NullIfEmpty(v.FixedVersion),
            Severity: string.IsNullOrWhiteSpace(v.Severity) ? "UNKNOWN" : v.Severity.Trim().ToUpperInvariant(),
            Title: NullIfEmpty(v.Title?.Trim()),
            Description: NullIfEmpty(v.Description?.Trim()),
            Cvss: BestCvss(v.Cvss),
            References: (v.References ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).ToList(),
            PublishedDate: ParseDate(v.PublishedDate),
            VendorIds: (v.VendorIds ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList(),
            EpssScore: epssScore,
            EpssPercentile: epssPercentile,
            KnownExploited: extra.Kev(),
            Target: result.Target ?? string.Empty,
            Class: NullIfEmpty(result.Class),
            Type: NullIfEmpty(result.Type));
    }

    internal static CvssRating? BestCvss(Dictionary<string, CvssDto?>? cvss)
    {
        if (cvss is null || cvss.Count == 0) return null;
        var preferred = new[] { "nvd", "ghsa" }
            .Select(name => cvss.FirstOrDefault(kv => kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase)))
            .Concat(cvss);
        foreach (var (source, dto) in preferred)
        {
            if (source is null || dto is null) continue;
            if (dto.V3Score is > 0) return new CvssRating(source, "3", dto.V3Score.Value, NullIfEmpty(dto.V3Vector));
            if (dto.V40Score is > 0) return new CvssRating(source, "4.0", dto.V40Score.Value, NullIfEmpty(dto.V40Vector));
            if (dto.V2Score is > 0) return new CvssRating(source, "2", dto.V2Score.Value, NullIfEmpty(dto.V2Vector));
        }
        return null;
    }

    private static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>The EPSS/KEV look-up described on the class, over fields the DTO does not declare.</summary>
    private sealed class ExtraFields
    {
        private readonly List<JsonElement> _scopes = [];

        public ExtraFields(Dictionary<string, JsonElement>? extra)
        {
            if (extra is null || extra.Count == 0) return;
            var self = JsonSerializer.SerializeToElement(extra);
            _scopes.Add(self);
            if (Find(self, ["Custom"]) is { ValueKind: JsonValueKind.Object } custom) _scopes.Add(custom);
        }

        public (double? Score, double? Percentile) Epss()
        {
            foreach (var scope in _scopes)
            {
                if (Find(scope, ["EPSS"]) is { } epss)
                {
                    if (Number(epss) is { } direct) return (direct, Number(Find(epss, EpssPercentileKeys.Append("Percentile").ToArray())));
                    if (epss.ValueKind == JsonValueKind.Object)
                        return (Number(Find(epss, EpssObjectScoreKeys)), Number(Find(epss, ["Percentile", .. EpssPercentileKeys])));
                }
                var score = Number(Find(scope, EpssScoreKeys));
                var percentile = Number(Find(scope, EpssPercentileKeys));
                if (score is not null || percentile is not null) return (score, percentile);
            }
            return (null, null);
        }

        public bool? Kev()
        {
            foreach (var scope in _scopes)
                if (Find(scope, KevKeys) is { } kev)
                    return kev.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        JsonValueKind.String => kev.GetString()?.Trim().ToLowerInvariant() is "true" or "yes" or "1",
                        JsonValueKind.Number => kev.TryGetDouble(out var n) && n != 0,
                        JsonValueKind.Object => kev.EnumerateObject().Any(),
                        JsonValueKind.Array => kev.GetArrayLength() > 0,
                        _ => null,
                    };
            return null;
        }

        private static JsonElement? Find(JsonElement? scope, string[] names)
        {
            if (scope is not { ValueKind: JsonValueKind.Object } obj) return null;
            foreach (var property in obj.EnumerateObject())
                if (names.Any(n => n.Equals(property.Name, StringComparison.OrdinalIgnoreCase)) && property.Value.ValueKind != JsonValueKind.Null)
                    return property.Value;
            return null;
        }

        private static double? Number(JsonElement? e) => e switch
        {
            { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var d) => d,
            { ValueKind: JsonValueKind.String } s when double.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    private sealed class ReportDto
    {
        [JsonPropertyName("SchemaVersion")] public int? SchemaVersion { get; set; }
        [JsonPropertyName("Results")] public List<ResultDto?>? Results { get; set; }
    }

    private sealed class ResultDto
    {
        [JsonPropertyName("Target")] public string? Target { get; set; }
        [JsonPropertyName("Class")] public string? Class { get; set; }
        [JsonPropertyName("Type")] public string? Type { get; set; }
        [JsonPropertyName("Vulnerabilities")] public List<VulnerabilityDto?>? Vulnerabilities { get; set; }
    }

    private sealed class VulnerabilityDto
    {
        [JsonPropertyName("VulnerabilityID")] public string? VulnerabilityId { get; set; }
        [JsonPropertyName("VendorIDs")] public List<string?>? VendorIds { get; set; }
        [JsonPropertyName("PkgName")] public string? PkgName { get; set; }
        [JsonPropertyName("PkgIdentifier")] public PkgIdentifierDto? PkgIdentifier { get; set; }
        [JsonPropertyName("PkgRef")] public string? PkgRef { get; set; }
        [JsonPropertyName("InstalledVersion")] public string? InstalledVersion { get; set; }
        [JsonPropertyName("FixedVersion")] public string? FixedVersion { get; set; }
        [JsonPropertyName("Severity")] public string? Severity { get; set; }
        [JsonPropertyName("Title")] public string? Title { get; set; }
        [JsonPropertyName("Description")] public string? Description { get; set; }
        [JsonPropertyName("CVSS")] public Dictionary<string, CvssDto?>? Cvss { get; set; }
        [JsonPropertyName("References")] public List<string?>? References { get; set; }
        [JsonPropertyName("PublishedDate")] public string? PublishedDate { get; set; }
        [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
    }

    private sealed class PkgIdentifierDto
    {
        [JsonPropertyName("PURL")] public string? Purl { get; set; }
    }

    internal sealed class CvssDto
    {
        [JsonPropertyName("V2Vector")] public string? V2Vector { get; set; }
        [JsonPropertyName("V3Vector")] public string? V3Vector { get; set; }
        [JsonPropertyName("V40Vector")] public string? V40Vector { get; set; }
        [JsonPropertyName("V2Score")] public double? V2Score { get; set; }
        [JsonPropertyName("V3Score")] public double? V3Score { get; set; }
        [JsonPropertyName("V40Score")] public double? V40Score { get; set; }
    }
}

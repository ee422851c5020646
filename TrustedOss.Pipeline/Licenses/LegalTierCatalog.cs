using System.Text.Json;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// The legal-tier classifier (spec "Classification source"): the built-in catalog
/// (`legal-tiers.json`, embedded) optionally overridden by a file with the same shape
/// (LicenseScanOptions.TierCatalogPath). Expressions are rated as a whole: OR takes the most
/// permissive branch, AND the most restrictive, WITH the base license's tier unless the exception is
/// one the catalog lists (then the more permissive of the two; e.g. GPL-2.0-only WITH
/// Classpath-exception-2.0 is conditional). Anything unparseable or unlisted is unknown.
/// </summary>
public sealed class LegalTierCatalog
{
    private static readonly Lazy<LegalTierCatalog> BuiltInCatalog = new(() =>
    {
        using var stream = EmbeddedData.Open("legal-tiers.json");
        return new LegalTierCatalog(Read(stream, "built-in legal-tiers.json"), overrides: null);
    });

    private readonly Entries _builtIn;
    private readonly Entries? _overrides;

    private LegalTierCatalog(Entries builtIn, Entries? overrides)
    {
        _builtIn = builtIn;
        _overrides = overrides;
    }

    public static LegalTierCatalog BuiltIn => BuiltInCatalog.Value;

    /// <summary>The built-in catalog, with the entries of the file at <paramref name="overridePath"/> (if any) taking precedence.</summary>
    /// <exception cref="InvalidDataException">The override file is not a catalog.</exception>
    public static async Task<LegalTierCatalog> LoadAsync(string? overridePath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(overridePath)) return BuiltIn;
        await using var stream = File.OpenRead(overridePath);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return new LegalTierCatalog(BuiltIn._builtIn, Read(buffer, overridePath));
    }

    /// <summary>The tier of one license id (no operators).</summary>
    public LegalTier TierOf(string licenseId) =>
        Lookup(licenseId) ?? LegalTier.Unknown;

    public LegalTier Evaluate(string? expression) => Evaluate(SpdxExpression.Parse(expression));

    public LegalTier Evaluate(SpdxExpression expression) =>
        expression.IsValid ? Evaluate(expression.Root) : LegalTier.Unknown;

    public LegalTier Evaluate(SpdxNode node) => node switch
    {
        SpdxLicenseNode license => TierOf(license.Id),
        SpdxWithNode with => EvaluateWith(with),
        SpdxCompoundNode { Operator: SpdxOperator.Or } or => or.Operands.Min(Evaluate),
        SpdxCompoundNode and => and.Operands.Max(Evaluate),
        _ => LegalTier.Unknown,
    };

    private LegalTier EvaluateWith(SpdxWithNode with)
    {
        var baseTier = TierOf(with.License.Id);
        if (baseTier == LegalTier.Unknown) return LegalTier.Unknown;
        foreach (var entries in Layers())
            if (entries.Exceptions.TryGetValue(with.Exception, out var exceptionTier))
                return exceptionTier < baseTier ? exceptionTier : baseTier;
        return baseTier;
    }

    private LegalTier? Lookup(string id)
    {
        // `GPL-2.0+` is rated like `GPL-2.0`; `X-or-later`/`X-only` fall back to `X` when only that is listed.
        var candidates = new List<string> { id };
        if (id.EndsWith('+')) candidates.Add(id[..^1]);
        foreach (var suffix in new[] { "-or-later", "-only" })
            if (id.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) candidates.Add(id[..^suffix.Length]);

        // Every override entry (exact or prefix) wins over every built-in one.
        foreach (var entries in Layers())
        {
            foreach (var candidate in candidates)
                if (entries.Exact.TryGetValue(candidate, out var tier)) return tier;
            if (entries.LongestPrefix(id) is { } byPrefix) return byPrefix;
        }
        return null;
    }

    private IEnumerable<Entries> Layers()
    {
        if (_overrides is not null) yield return _overrides;
        yield return _builtIn;
    }

    private sealed class Entries
    {
        public Dictionary<string, LegalTier> Exact { get; } = new(StringComparer.OrdinalIgnoreCase);
        public List<(string Prefix, LegalTier Tier)> Prefixes { get; } = [];
        public Dictionary<string, LegalTier> Exceptions { get; } = new(StringComparer.OrdinalIgnoreCase);

        public LegalTier? LongestPrefix(string id)
        {
            var best = Prefixes.Where(p => id.StartsWith(p.Prefix, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(p => p.Prefix.Length).FirstOrDefault();
            return best.Prefix is null ? null : best.Tier;
        }
    }

    private static Entries Read(Stream stream, string source)
    {
        var entries = new Entries();
        try
        {
            using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{source}: the catalog must be a JSON object.");
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('_')) continue; // comments such as "_about"
                if (property.Name == "exceptions")
                {
                    foreach (var e in property.Value.EnumerateObject())
                        entries.Exceptions[e.Name] = ParseTier(e.Value.GetString(), source);
                    continue;
                }
                var tier = ParseTier(property.Name, source);
                foreach (var item in property.Value.EnumerateArray())
                {
                    var id = item.GetString()?.Trim();
                    if (string.IsNullOrEmpty(id)) continue;
                    if (id.EndsWith('*')) entries.Prefixes.Add((id[..^1], tier));
                    else entries.Exact[id] = tier;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{source}: not a legal-tier catalog ({e.Message}).", e);
        }
        return entries;
    }

    private static LegalTier ParseTier(string? name, string source) =>
        LegalTierNames.TryParse(name, out var tier)
            ? tier
            : throw new InvalidDataException($"{source}: '{name}' is not a tier (allowed, conditional, forbidden, unknown).");
}

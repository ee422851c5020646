namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// How a license may be used. Declared from least to most restrictive: an OR expression takes the
/// lowest tier among its branches, an AND expression the highest. Unknown sits below forbidden:
/// a branch nobody has classified may still turn out fine, a forbidden one will not.
/// </summary>
public enum LegalTier
{
    /// <summary>Permissive (MIT, Apache-2.0, BSD-*, …).</summary>
    Allowed = 0,

    /// <summary>Weak copyleft (LGPL, MPL, EPL, …): usable with conditions.</summary>
    Conditional = 1,

    /// <summary>Not classified, or the expression could not be read.</summary>
    Unknown = 2,

    /// <summary>Strong and network copyleft (GPL, AGPL, SSPL, …).</summary>
    Forbidden = 3,
}

public static class LegalTierNames
{
    /// <summary>The tier as stored and returned by the API: allowed | conditional | forbidden | unknown.</summary>
    public static string ToWire(this LegalTier tier) => tier switch
    {
        LegalTier.Allowed => "allowed",
        LegalTier.Conditional => "conditional",
        LegalTier.Forbidden => "forbidden",
        _ => "unknown",
    };

    public static bool TryParse(string? name, out LegalTier tier)
    {
        tier = name?.Trim().ToLowerInvariant() switch
        {
            "allowed" => LegalTier.Allowed,
            "conditional" => LegalTier.Conditional,
            "forbidden" => LegalTier.Forbidden,
            "unknown" => LegalTier.Unknown,
            _ => (LegalTier)(-1),
        };
        return Enum.IsDefined(tier);
    }
}

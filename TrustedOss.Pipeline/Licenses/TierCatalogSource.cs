using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>The legal-tier catalog in use: the built-in one, overridden by LICENSE_TIER_CATALOG when set. Loaded once.</summary>
public sealed class TierCatalogSource(LicenseScanOptions options)
{
    private readonly Lazy<Task<LegalTierCatalog>> catalog = new(() => LegalTierCatalog.LoadAsync(options.TierCatalogPath, CancellationToken.None));

    public Task<LegalTierCatalog> GetAsync() => catalog.Value;
}

namespace TrustedOss.Pipeline.Sbom;

/// <summary>One component of a CycloneDX SBOM, as the rest of the pipeline needs it.</summary>
/// <param name="BomRef">The component's `bom-ref` (cdxgen uses the purl).</param>
/// <param name="Purl">Package URL, e.g. `pkg:npm/%40colors/colors@1.6.0`, as written in the SBOM.</param>
/// <param name="Group">The namespace (`@colors`, a Maven groupId); null when absent or empty.</param>
/// <param name="Type">CycloneDX component type: library, framework, application, …</param>
/// <param name="Scope">required | optional | excluded; null when the SBOM does not say.</param>
/// <param name="Hashes">Algorithm (as written, e.g. `SHA-512`) → hex content.</param>
/// <param name="DeclaredLicense">
/// The declared license as one normalized SPDX expression (see <see cref="CycloneDxParser"/> for how
/// several `licenses[]` entries combine), or null when the SBOM declares none.
/// </param>
/// <param name="ManifestPath">
/// The manifest the component was read from (cdxgen's `SrcFile` property): as written in the SBOM when parsed, then
/// relative to the scanned tree (e.g. `package-lock.json`, see <see cref="ManifestPaths"/>) when persisted. A CI report
/// (SARIF) points a finding there. Null when the SBOM does not say.
/// </param>
public sealed record SbomComponent(
    string? BomRef,
    string? Purl,
    string Name,
    string? Group,
    string? Version,
    string? Type,
    string? Scope,
    IReadOnlyDictionary<string, string> Hashes,
    string? DeclaredLicense,
    string? ManifestPath = null);

/// <summary>A parsed CycloneDX document: its spec version, the described root, and every component (nested ones flattened).</summary>
public sealed record CycloneDxBom(string? SpecVersion, SbomComponent? Root, IReadOnlyList<SbomComponent> Components);

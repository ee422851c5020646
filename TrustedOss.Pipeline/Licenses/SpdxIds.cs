using System.Collections.Frozen;
using System.Text.Json;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// The SPDX license and exception identifiers this build knows (embedded `spdx-ids.json`), so an
/// expression written as `mit or apache-2.0` is stored as `MIT OR Apache-2.0` and two spellings of
/// one license never become two licenses.
/// </summary>
public static class SpdxIds
{
    private static readonly Lazy<Data> Loaded = new(Load);

    /// <summary>The canonical spelling of a license id, or null when SPDX does not list it.</summary>
    public static string? CanonicalLicense(string id) =>
        Loaded.Value.Licenses.TryGetValue(id, out var canonical) ? canonical : null;

    /// <summary>The canonical spelling of a license exception id, or null when SPDX does not list it.</summary>
    public static string? CanonicalException(string id) =>
        Loaded.Value.Exceptions.TryGetValue(id, out var canonical) ? canonical : null;

    /// <summary>True for ids SPDX has retired (e.g. `GPL-2.0`, `GPL-2.0+`, `GPL-2.0-with-classpath-exception`).</summary>
    public static bool IsDeprecated(string id) =>
        Loaded.Value.Deprecated.Contains(id) || id.EndsWith('+');

    private sealed record Data(
        FrozenDictionary<string, string> Licenses,
        FrozenDictionary<string, string> Exceptions,
        FrozenSet<string> Deprecated);

    private static Data Load()
    {
        using var stream = EmbeddedData.Open("spdx-ids.json");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        string[] Read(string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();

        var deprecated = Read("deprecatedLicenses");
        var licenses = Read("licenses").Concat(deprecated)
            .ToFrozenDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase);
        var exceptions = Read("exceptions")
            .ToFrozenDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase);
        return new Data(licenses, exceptions, deprecated.ToFrozenSet(StringComparer.OrdinalIgnoreCase));
    }
}

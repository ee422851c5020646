using System.Text.Json;

namespace TrustedOss.Pipeline.Sbom;

/// <summary>
/// Checks that a file is a CycloneDX JSON document and counts its components, nested ones included.
/// (Reading the components themselves is the CycloneDX parser's job.)
/// </summary>
public static class SbomComponentCount
{
    /// <summary>The component count; throws <see cref="InvalidDataException"/> naming what is wrong with the file.</summary>
    public static async Task<int> ReadAsync(string sbomPath, CancellationToken cancellationToken)
    {
        JsonDocument document;
        await using (var stream = File.OpenRead(sbomPath))
        {
            try
            {
                document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"the SBOM is not valid JSON ({ex.Message})", ex);
            }
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("bomFormat", out var format)
                || format.ValueKind != JsonValueKind.String
                || format.GetString() != "CycloneDX")
                throw new InvalidDataException("the SBOM is JSON but not a CycloneDX document (no bomFormat \"CycloneDX\")");
            return Count(root);
        }
    }

    private static int Count(JsonElement parent) =>
        parent.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array
            ? components.EnumerateArray().Sum(c => 1 + (c.ValueKind == JsonValueKind.Object ? Count(c) : 0))
            : 0;
}

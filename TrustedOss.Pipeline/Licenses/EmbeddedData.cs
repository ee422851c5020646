namespace TrustedOss.Pipeline.Licenses;

/// <summary>Opens the data files embedded from `Licenses/*.json`.</summary>
internal static class EmbeddedData
{
    public static Stream Open(string fileName)
    {
        var name = $"{typeof(EmbeddedData).Namespace}.{fileName}";
        return typeof(EmbeddedData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the build.");
    }
}

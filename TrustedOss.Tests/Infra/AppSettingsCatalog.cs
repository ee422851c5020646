using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Infra;

/// <summary>
/// Every setting the app reads: the <c>Values</c> of local.settings.sample.json plus the keys the
/// TrustedOss.Pipeline/Configuration/*Options classes read, and infra/settings-not-on-function-app.json,
/// the one place that says which of them the Function App does not set, and why.
/// </summary>
public static partial class AppSettingsCatalog
{
    public static string DeclarationFile => Path.Combine(RepoPaths.RepoRoot, "infra", "settings-not-on-function-app.json");

    public static IReadOnlyList<string> SampleKeys { get; } =
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "local.settings.sample.json")))!["Values"]!
            .AsObject().Select(kv => kv.Key).ToArray();

    /// <summary>Keys in the options classes: <c>SettingsReader.X(c, "KEY"…)</c>, <c>c["KEY"]</c> and <c>const string … = "KEY"</c>.</summary>
    public static IReadOnlyList<string> OptionsKeys { get; } =
        Directory.EnumerateFiles(Path.Combine(RepoPaths.RepoRoot, "TrustedOss.Pipeline", "Configuration"), "*.cs")
            .SelectMany(f => SettingKeyInSource().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Distinct(StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<string> AppReads { get; } = SampleKeys.Union(OptionsKeys, StringComparer.Ordinal).ToArray();

    /// <summary>category ("image" or "local") → key → reason.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NotOnFunctionApp { get; } =
        JsonNode.Parse(File.ReadAllText(DeclarationFile))!.AsObject()
            .Where(kv => !kv.Key.StartsWith('$'))
            .ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string>)kv.Value!.AsObject()
                .ToDictionary(s => s.Key, s => s.Value?.ToString() ?? ""));

    public static IReadOnlyList<string> ImageSettings => NotOnFunctionApp.GetValueOrDefault("image")?.Keys.ToArray() ?? [];

    /// <summary>A setting that holds a credential by its name; such values live only in Key Vault.</summary>
    public static bool IsSecret(string name) => SecretName().IsMatch(name.Replace("_", "", StringComparison.Ordinal));

    [GeneratedRegex("""(?:SettingsReader\.\w+\(\s*\w+\s*,\s*|\w\[\s*|const\s+string\s+\w+\s*=\s*)"(?<key>[A-Za-z][A-Za-z0-9_]*)"(?=\s*[,\])\;])""")]
    private static partial Regex SettingKeyInSource();

    [GeneratedRegex("(?i)connectionstring|pepper|password|secret|token|credential|apikey|accountkey|AzureWebJobsStorage|sharedaccess")]
    private static partial Regex SecretName();
}

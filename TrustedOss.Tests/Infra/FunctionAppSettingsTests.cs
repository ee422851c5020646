using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Infra;

/// <summary>
/// The Function App's app settings (infra/modules/functionapp.bicep, compiled) against every setting the
/// app reads. A new key in local.settings.sample.json or a Configuration options class fails here, by
/// name, until it is set on the Function App or declared in infra/settings-not-on-function-app.json.
/// </summary>
public sealed partial class FunctionAppSettingsTests
{
    private static async Task<(ArmResource Resource, IReadOnlyDictionary<string, string> Settings)> AppSettingsAsync()
    {
        var infra = await CompiledInfra.GetAsync();
        var resource = ArmTemplate.Single(infra.Main, "Microsoft.Web/sites/config", "'appsettings'");
        var settings = resource.Property("properties")!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "");
        return (resource, settings);
    }

    private static IEnumerable<string> DeclaredNotOnFunctionApp => AppSettingsCatalog.NotOnFunctionApp.Values.SelectMany(d => d.Keys);

    [Fact]
    public async Task Every_setting_the_app_reads_is_set_on_the_Function_App_unless_declared_otherwise()
    {
        var (_, settings) = await AppSettingsAsync();

        var missing = AppSettingsCatalog.AppReads.Except(DeclaredNotOnFunctionApp).Where(k => !settings.ContainsKey(k)).ToArray();

        Assert.True(missing.Length == 0, string.Join('\n', missing.Select(k =>
            $"Setting {k} (local.settings.sample.json / Configuration options) is not set on the Function App: add it to the " +
            "appsettings of infra/modules/functionapp.bicep (a secret as a Key Vault reference), or declare it with a reason in " +
            "infra/settings-not-on-function-app.json.")));
        Assert.Contains("API_KEY_PEPPER", AppSettingsCatalog.OptionsKeys); // the options scan works
        Assert.Contains("SCANCODE_MAX_FILES", AppSettingsCatalog.OptionsKeys);
    }

    [Fact]
    public async Task Settings_declared_not_on_the_Function_App_are_real_settings_with_a_reason_and_are_not_set_there()
    {
        var (_, settings) = await AppSettingsAsync();

        Assert.Equal(["image", "local"], AppSettingsCatalog.NotOnFunctionApp.Keys.Order(StringComparer.Ordinal));
        foreach (var (category, keys) in AppSettingsCatalog.NotOnFunctionApp)
            foreach (var (key, reason) in keys)
            {
                Assert.True(AppSettingsCatalog.AppReads.Contains(key), $"{category}/{key} in settings-not-on-function-app.json is not a setting the app reads");
                Assert.True(reason.Trim().Length >= 20, $"{category}/{key} needs a reason");
                Assert.False(settings.ContainsKey(key), $"{key} is declared {category} but also set on the Function App");
            }
        Assert.Contains("SELFHOST_URLS", AppSettingsCatalog.NotOnFunctionApp["local"].Keys);
    }

    [Fact]
    public async Task Secrets_are_set_only_as_Key_Vault_references_to_secrets_the_template_creates()
    {
        var infra = await CompiledInfra.GetAsync();
        var (_, settings) = await AppSettingsAsync();
        var vaultSecrets = ArmTemplate.OfType(infra.Main, "Microsoft.KeyVault/vaults/secrets")
            .Select(s => SecretResourceName().Match(s.Name).Groups[1].Value).ToHashSet();

        var secretSettings = settings.Where(s => AppSettingsCatalog.IsSecret(s.Key)).ToArray();

        Assert.Contains(secretSettings, s => s.Key == "POSTGRES_CONNECTION_STRING");
        Assert.Contains(secretSettings, s => s.Key == "API_KEY_PEPPER");
        Assert.Contains(secretSettings, s => s.Key == "AzureWebJobsStorage");
        Assert.Contains(secretSettings, s => s.Key == "AzureSignalRConnectionString");
        foreach (var (key, value) in secretSettings)
        {
            var reference = KeyVaultReference().Match(value);
            Assert.True(reference.Success, $"{key} must be an @Microsoft.KeyVault(VaultName=…;SecretName=…) reference, not {value}");
            Assert.True(vaultSecrets.Contains(reference.Groups["secret"].Value), $"{key} references Key Vault secret {reference.Groups["secret"].Value}, which the template does not create");
        }
        Assert.All(settings, s => Assert.DoesNotMatch("(?i)listKeys|Password=|AccountKey=|newGuid", s.Value));
    }

    [Fact]
    public async Task The_Function_App_resolves_Key_Vault_references_with_its_user_assigned_identity()
    {
        var infra = await CompiledInfra.GetAsync();
        var site = Assert.Single(ArmTemplate.OfType(infra.Main, "Microsoft.Web/sites"));

        Assert.Equal("UserAssigned", site.Property("identity.type")?.ToString());
        Assert.Equal("[parameters('identityId')]", site.Property("properties.keyVaultReferenceIdentity")?.ToString());
        var module = ArmTemplate.Single(infra.Main, "Microsoft.Resources/deployments", "functionapp");
        Assert.Contains("'identity'", module.Property("properties.parameters.identityId.value")?.ToString());
    }

    [Fact]
    public async Task The_task_hub_on_Azure_is_never_the_self_hosts()
    {
        var infra = await CompiledInfra.GetAsync();
        var (_, settings) = await AppSettingsAsync();
        var selfHostDefault = DurableOptions.From(new ConfigurationBuilder().Build()).TaskHubName;
        var composeHub = ComposeFile.Load(Path.Combine(RepoPaths.RepoRoot, "infra", "compose.yaml")).Environment("selfhost")["TASK_HUB_NAME"];
        var module = ArmTemplate.Single(infra.Main, "Microsoft.Resources/deployments", "functionapp");

        Assert.Equal("[parameters('taskHubName')]", settings["TASK_HUB_NAME"]);
        Assert.Equal("[parameters('taskHubName')]", module.Property("properties.parameters.taskHubName.value")?.ToString());
        string[] azureHubs =
        [
            infra.Main["parameters"]!["taskHubName"]!["defaultValue"]!.ToString(),
            .. infra.Parameters.Values.Select(p => p["parameters"]!["taskHubName"]!["value"]!.ToString()),
        ];
        Assert.All(azureHubs, hub =>
        {
            Assert.NotEqual(selfHostDefault, hub, StringComparer.OrdinalIgnoreCase);
            Assert.NotEqual(composeHub, hub, StringComparer.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task The_trivy_cache_setting_points_at_the_mounted_Azure_Files_share()
    {
        var infra = await CompiledInfra.GetAsync();
        var (settingsResource, settings) = await AppSettingsAsync();
        var mounts = ArmTemplate.Single(infra.Main, "Microsoft.Web/sites/config", "'azurestorageaccounts'");
        var mount = mounts.Property("properties.trivycache")!;

        Assert.Equal("AzureFiles", mount["type"]?.ToString());
        Assert.Equal(mount["mountPath"]?.ToString(), settings["TRIVY_CACHE_DIR"]);
        var path = ArmTemplate.Literal(settingsResource.Template, settings["TRIVY_CACHE_DIR"]);
        Assert.Equal("/mnt/trivy-cache", path);
        var image = Dockerfile.Load(Path.Combine(RepoPaths.RepoRoot, "infra", "images", "functions.Dockerfile"));
        Assert.Equal(path, image.FinalEnvironment["TRIVY_CACHE_DIR"]);
        Assert.Contains(image.InFinalStage, i => i.Keyword == "RUN" && i.Arguments.Contains($"mkdir -p {path}", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\[format\('@Microsoft\.KeyVault\(VaultName=\{0\};SecretName=(?<secret>[a-z0-9-]+)\)', parameters\('keyVaultName'\)\)\]$")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex(@"'([a-z0-9-]+)'\)\]$")]
    private static partial Regex SecretResourceName();
}

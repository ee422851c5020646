using System.Text.Json.Nodes;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Infra;

/// <summary>infra/compose.yaml: the self-host with PostgreSQL and Azurite, in the app's own setting names.</summary>
public sealed class ComposeFileTests
{
    private static string PathToCompose => Path.Combine(RepoPaths.RepoRoot, "infra", "compose.yaml");
    private static ComposeFile Compose => ComposeFile.Load(PathToCompose);

    [Fact]
    public void The_compose_file_parses_into_the_self_host_PostgreSQL_and_Azurite()
    {
        Assert.Equal(["azurite", "postgres", "selfhost"], Compose.Services.Order(StringComparer.Ordinal));
        Assert.True(Compose.Builds("selfhost"));
        Assert.Contains("selfhost.Dockerfile", File.ReadAllText(PathToCompose), StringComparison.Ordinal);
    }

    [Fact]
    public void The_self_host_is_configured_only_with_settings_the_app_reads()
    {
        var environment = Compose.Environment("selfhost");

        Assert.All(environment.Keys, key => Assert.True(AppSettingsCatalog.AppReads.Contains(key),
            $"compose sets {key}, which is not a setting of local.settings.sample.json or the Configuration options."));
        string[] required = ["POSTGRES_CONNECTION_STRING", "AzureWebJobsStorage", "TASK_HUB_NAME", "API_KEY_PEPPER", "SELFHOST_URLS", "TRIVY_CACHE_DIR"];
        Assert.All(required, key => Assert.True(environment.ContainsKey(key), $"compose does not set {key} for the self-host"));
        Assert.Contains("Host=postgres;", environment["POSTGRES_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.Contains("http://azurite:10001/", environment["AzureWebJobsStorage"], StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_come_from_the_environment_and_only_Azurites_public_development_key_is_written_out()
    {
        foreach (var service in Compose.Services)
            foreach (var (key, value) in Compose.Environment(service))
            {
                if (!AppSettingsCatalog.IsSecret(key)) continue;
                var azuriteDevelopmentAccount = key == "AzureWebJobsStorage" && value.Contains("AccountName=devstoreaccount1;", StringComparison.Ordinal);
                Assert.True(value.Contains("${", StringComparison.Ordinal) || azuriteDevelopmentAccount,
                    $"{service}: {key} must come from the environment (${{VAR}}), not be written in compose.yaml");
            }
    }

    [Fact]
    public void Every_pulled_image_is_pinned_and_Azurite_matches_the_tools_pin()
    {
        foreach (var service in Compose.Services.Where(s => !Compose.Builds(s)))
        {
            var image = Compose.Scalar(service, "image") ?? "";
            var (_, tag) = DockerfileRules.SplitImage(image);
            Assert.True(tag is not null && tag != "latest" && tag.Any(char.IsDigit), $"{service}: image {image} is not pinned to a version");
        }
        var azurite = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, ".tools", "package.json")))!["dependencies"]!["azurite"]!.ToString();
        Assert.Equal($"mcr.microsoft.com/azure-storage/azurite:{azurite}", Compose.Scalar("azurite", "image"));
    }
}

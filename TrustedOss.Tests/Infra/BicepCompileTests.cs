using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Infra;

/// <summary>infra/ compiles with the Bicep CLI with no diagnostic at all: an error, a warning or an info fails.</summary>
public sealed class BicepCompileTests
{
    [Fact]
    public async Task Every_bicep_file_compiles_to_ARM_JSON_with_no_diagnostic()
    {
        var infra = await CompiledInfra.GetAsync();

        Assert.True(infra.Build.ExitCode == 0 && infra.Build.Output.Count == 0,
            $"bicep build exited {infra.Build.ExitCode} and printed:\n{string.Join('\n', infra.Build.Output)}");
        Assert.Contains("main.bicep", infra.BicepSources);
        Assert.Contains("modules/functionapp.bicep", infra.BicepSources);
        Assert.Equal(infra.BicepSources.Order(StringComparer.Ordinal), infra.Templates.Keys.Order(StringComparer.Ordinal));
        Assert.All(infra.Templates.Values, t => Assert.StartsWith("https://schema.management.azure.com/", t["$schema"]?.ToString()));
    }

    [Fact]
    public async Task Both_parameter_files_compile_and_take_their_secrets_from_the_environment()
    {
        var infra = await CompiledInfra.GetAsync();

        Assert.True(infra.BuildParams.ExitCode == 0 && infra.BuildParams.Output.Count == 0,
            $"bicep build-params exited {infra.BuildParams.ExitCode} and printed:\n{string.Join('\n', infra.BuildParams.Output)}");
        Assert.Equal(["main.dev.bicepparam", "main.prod.bicepparam"], infra.Parameters.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, profile) in new[] { ("main.dev.bicepparam", "dev"), ("main.prod.bicepparam", "prod") })
        {
            var values = infra.Parameters[file]["parameters"]!;
            Assert.Equal(profile, values["profile"]?["value"]?.ToString());
            Assert.Equal(CompiledInfra.PostgresPasswordFromEnvironment, values["postgresAdminPassword"]?["value"]?.ToString());
            Assert.Equal(CompiledInfra.PepperFromEnvironment, values["apiKeyPepper"]?["value"]?.ToString());
        }
    }

    [Fact]
    public async Task The_azd_parameter_file_sets_only_parameters_main_bicep_declares()
    {
        var infra = await CompiledInfra.GetAsync();
        var declared = infra.Main["parameters"]!.AsObject().Select(p => p.Key).ToHashSet();
        var azd = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledInfra.InfraDir, "main.parameters.json")))!;

        var names = azd["parameters"]!.AsObject().Select(p => p.Key).ToArray();

        Assert.All(names, n => Assert.Contains(n, declared));
        Assert.Contains("postgresAdminPassword", names);
        Assert.Contains("apiKeyPepper", names);
    }

    [Fact]
    public async Task A_linter_finding_or_a_compiler_warning_is_reported_as_a_diagnostic()
    {
        // The same bicepconfig.json on two broken files proves the checks above can fail.
        using var dir = new TempDirectory("trustedoss-bicep-lint");
        File.Copy(Path.Combine(CompiledInfra.InfraDir, "bicepconfig.json"), dir.Combine("bicepconfig.json"));
        await File.WriteAllTextAsync(dir.Combine("unused.bicep"), "param unused string\n");
        await File.WriteAllTextAsync(dir.Combine("unknown.bicep"),
            "param location string\nresource s 'Microsoft.Web/sites@2099-01-01' = {\n  name: 'x'\n  location: location\n}\n");

        var run = await BicepRun.RunAsync(["build", "--pattern", "*.bicep", "--outdir", dir.Combine("out")], dir.Path);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(run.Diagnostics, l => l.Contains("unused.bicep", StringComparison.Ordinal) && l.Contains(" : Error no-unused-params", StringComparison.Ordinal));
        Assert.Contains(run.Diagnostics, l => l.Contains("unknown.bicep", StringComparison.Ordinal) && l.Contains(" : Warning BCP081", StringComparison.Ordinal));
    }
}

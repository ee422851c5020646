using System.Text.Json.Nodes;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Infra;

/// <summary>
/// infra/ compiled once per test run with the real Bicep CLI: every .bicep file in one
/// <c>bicep build --pattern</c> and the parameter files in one <c>bicep build-params --pattern</c>.
/// </summary>
public sealed class CompiledInfra
{
    /// <summary>Handed to the parameter files through the environment, as a deployment must.</summary>
    public const string PostgresPasswordFromEnvironment = "test-only-postgres-password-from-env";
    public const string PepperFromEnvironment = "test-only-api-key-pepper-from-env-0123456789";

    private static readonly Lazy<Task<CompiledInfra>> Once = new(CompileAsync);

    public static Task<CompiledInfra> GetAsync() => Once.Value;

    public static string InfraDir => Path.Combine(RepoPaths.RepoRoot, "infra");

    /// <summary>infra-relative paths of the .bicep sources, e.g. <c>modules/storage.bicep</c>.</summary>
    public required IReadOnlyList<string> BicepSources { get; init; }
    public required BicepRun Build { get; init; }
    public required BicepRun BuildParams { get; init; }
    /// <summary>ARM JSON by infra-relative source path.</summary>
    public required IReadOnlyDictionary<string, JsonObject> Templates { get; init; }
    /// <summary>Parameter JSON by file name, e.g. <c>main.prod.bicepparam</c>.</summary>
    public required IReadOnlyDictionary<string, JsonObject> Parameters { get; init; }

    /// <summary>The deployed template: main.bicep with every module nested in it.</summary>
    public JsonObject Main => Templates["main.bicep"];

    private static async Task<CompiledInfra> CompileAsync()
    {
        using var output = new TempDirectory("trustedoss-bicep");
        var sources = Directory.EnumerateFiles(InfraDir, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(InfraDir, f)).Order(StringComparer.Ordinal).ToArray();
        var paramSources = Directory.EnumerateFiles(InfraDir, "*.bicepparam").Select(Path.GetFileName).ToArray();

        var build = await BicepRun.RunAsync(["build", "--pattern", "**/*.bicep", "--outdir", output.Combine("templates")], InfraDir);
        var buildParams = await BicepRun.RunAsync(
            ["build-params", "--pattern", "*.bicepparam", "--outdir", output.Combine("parameters")], InfraDir,
            new Dictionary<string, string?>
            {
                ["POSTGRES_ADMIN_PASSWORD"] = PostgresPasswordFromEnvironment,
                ["API_KEY_PEPPER"] = PepperFromEnvironment,
                // The defaults in the files apply, as on a machine without an azd environment.
                ["AZURE_ENV_NAME"] = null,
                ["AZURE_LOCATION"] = null,
                ["SERVICE_FUNCTIONS_IMAGE_NAME"] = null,
            });

        return new CompiledInfra
        {
            BicepSources = sources,
            Build = build,
            BuildParams = buildParams,
            Templates = sources
                .Select(s => (s, Path: output.Combine("templates", Path.ChangeExtension(s, ".json"))))
                .Where(x => File.Exists(x.Path))
                .ToDictionary(x => x.s.Replace('\\', '/'), x => JsonNode.Parse(File.ReadAllText(x.Path))!.AsObject()),
            Parameters = paramSources
                .Select(p => (p: p!, Path: output.Combine("parameters", Path.ChangeExtension(p!, ".json"))))
                .Where(x => File.Exists(x.Path))
                .ToDictionary(x => x.p, x => JsonNode.Parse(File.ReadAllText(x.Path))!.AsObject()),
        };
    }
}

/// <summary>One Bicep CLI run: its exit code and every line it printed (diagnostics go to stderr).</summary>
public sealed record BicepRun(int ExitCode, IReadOnlyList<string> Output)
{
    /// <summary>Errors and warnings alike: a clean compile prints nothing.</summary>
    public IReadOnlyList<string> Diagnostics =>
        Output.Where(l => l.Contains(" : Warning ", StringComparison.Ordinal) || l.Contains(" : Error ", StringComparison.Ordinal)
                          || l.Contains(" : Info ", StringComparison.Ordinal)).ToArray();

    public static async Task<BicepRun> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var log = new RecordingStageLog();
        var result = await BicepCli.RunAsync(arguments, workingDirectory, log, environment);
        return new BicepRun(result.ExitCode, log.Lines.Where(l => l.Stream != LogStream.Info).Select(l => l.Line).ToArray());
    }
}

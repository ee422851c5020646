using System.Collections;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace TrustedOss.Tests.EndToEnd.CommandLine;

/// <summary>
/// The GitHub Action's steps run as the runner runs them, against the self-host with a real scan of the demo app: the
/// install step's own command (action.yml) installs the CLI packed from this tree (`dotnet pack`, the action's default
/// cli-version) from a folder feed, then run.sh gets its inputs as INPUT_* variables and GITHUB_OUTPUT and
/// GITHUB_STEP_SUMMARY files.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class ActionScriptTests(CliFixture app, ITestOutputHelper output) : IDisposable
{
    public static string Script => Path.Combine(RepoPaths.RepoRoot, ".github", "actions", "trustedoss-scan", "run.sh");

    private static readonly Lazy<Task<string>> InstalledCli = new(InstallCliAsync);

    public void Dispose() => app.WriteOutputTo(output);

    /// <summary>Packs TrustedOss.Cli (as built) into a folder feed and runs the action's install step on it; returns the tool.</summary>
    private static async Task<string> InstallCliAsync()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Path.GetDirectoryName(Script)!, "action.yml"))) yaml.Load(reader);
        var action = (YamlMappingNode)yaml.Documents[0].RootNode;
        var install = ((YamlSequenceNode)((YamlMappingNode)action["runs"])["steps"]).Children.Cast<YamlMappingNode>()
            .Single(s => s.Children.TryGetValue("name", out var n) && ((YamlScalarNode)n).Value == "Install the trustedoss CLI");
        var version = ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)action["inputs"])["cli-version"])["default"]).Value!;
        var work = Directory.CreateTempSubdirectory("trustedoss-action-install-").FullName;
        var (feed, runnerTemp) = (Path.Combine(work, "feed"), Path.Combine(work, "runner-temp"));
        var configuration = new DirectoryInfo(Path.GetDirectoryName(CliProcess.Dll)!).Parent!.Name; // bin/<configuration>/net10.0
        await RunAsync("dotnet", ["pack", Path.Combine(RepoPaths.RepoRoot, "TrustedOss.Cli", "TrustedOss.Cli.csproj"), "-c", configuration, "--no-build", "-o", feed, "--nologo"], []);
        Assert.True(File.Exists(Path.Combine(feed, $"TrustedOss.Cli.{version}.nupkg")), $"action.yml's default cli-version {version} is not the version TrustedOss.Cli packs");
        await RunAsync("bash", ["-c", ((YamlScalarNode)install["run"]).Value!],
            new() { ["CLI_VERSION"] = version, ["CLI_SOURCE"] = feed, ["RUNNER_TEMP"] = runnerTemp });
        return Path.Combine(runnerTemp, "trustedoss-cli", "trustedoss");
    }

    private static async Task RunAsync(string program, string[] arguments, Dictionary<string, string?> env)
    {
        // `dotnet test` leaves MSBuild's own variables in the test host; a child build must find its SDK afresh.
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
            if (((string)variable.Key).StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)) env[(string)variable.Key] = null;
        var result = await Cli.Wrap(program).WithArguments(arguments).WithEnvironmentVariables(env).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardOutput}{result.StandardError}");
    }

    private async Task<(int ExitCode, string Output, Dictionary<string, string> Outputs, string Summary, string Dir)> RunAsync(string apiKey, Dictionary<string, string> inputs)
    {
        var dir = Directory.CreateTempSubdirectory("trustedoss-action-").FullName;
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_OUTPUT"] = Path.Combine(dir, "output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(dir, "summary.md"),
            ["TRUSTEDOSS_CLI"] = await InstalledCli.Value,
            ["INPUT_API_URL"] = app.Process.BaseAddress.ToString(),
            ["INPUT_API_KEY"] = apiKey,
            ["INPUT_SARIF_FILE"] = Path.Combine(dir, "trustedoss.sarif"),
            // What the runner passes for inputs left at their defaults (action.yml).
            ["INPUT_KIND"] = "source", ["INPUT_IMAGE_REF"] = "", ["INPUT_REF"] = "", ["INPUT_DIR"] = "", ["INPUT_ALLOW_LIST"] = "",
            ["INPUT_FAIL_ON_SEVERITY"] = "high", ["INPUT_FAIL_ON_LICENSE_TIER"] = "forbidden", ["INPUT_ONLY_NEW"] = "false",
            ["TRUSTEDOSS_API_KEY"] = null, ["TRUSTEDOSS_API_URL"] = null,
        };
        foreach (var (name, value) in inputs) env[name] = value;
        var result = await Cli.Wrap("bash").WithArguments([Script]).WithEnvironmentVariables(env).WithWorkingDirectory(app.DemoCheckout)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        var all = result.StandardOutput + result.StandardError;
        output.WriteLine($"run.sh exit {result.ExitCode}\n{all}");
        var outputs = File.Exists(env["GITHUB_OUTPUT"]!)
            ? (await File.ReadAllLinesAsync(env["GITHUB_OUTPUT"]!)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1])
            : [];
        var summary = File.Exists(env["GITHUB_STEP_SUMMARY"]!) ? await File.ReadAllTextAsync(env["GITHUB_STEP_SUMMARY"]!) : "";
        return (result.ExitCode, all, outputs, summary, dir);
    }

    [Fact]
    public async Task The_action_scans_gates_and_writes_outputs_summary_and_sarif_and_fails_on_the_minimist_advisory()
    {
        var (exitCode, log, outputs, summary, dir) = await RunAsync(app.Developer.Key, new() { ["INPUT_PROJECT"] = "cli-spare", ["INPUT_REF"] = "main" });

        Assert.Equal(1, exitCode);
        Assert.True(Guid.TryParse(outputs["scan-id"], out _), string.Join(", ", outputs));
        Assert.Equal(("succeeded", "failed"), (outputs["status"], outputs["gate"]));
        var counts = JsonDocument.Parse(outputs["counts"]).RootElement;
        Assert.Equal(1, counts.GetProperty("vulnerabilities").GetInt32());
        Assert.Equal(4, counts.GetProperty("components").GetInt32());
        Assert.Equal(Path.Combine(dir, "trustedoss.sarif"), outputs["sarif-file"]);
        Assert.Null(SarifSchema.Errors(await File.ReadAllTextAsync(outputs["sarif-file"])));
        Assert.StartsWith("## TrustedOSS scan of cli-spare: gate failed", summary);
        Assert.Contains("| CVE-2021-44906 | CRITICAL | `pkg:npm/minimist@1.2.5` | package-lock.json | 1.2.6 | fails the gate |", summary);
        Assert.Contains($"::error::TrustedOSS gate failed for scan {outputs["scan-id"]}", log);
        Assert.Contains("stage dt_findings: succeeded", log);
        Assert.DoesNotContain(app.Developer.Key, log);
        Assert.Equal("main", (await app.ScanAsync(outputs["scan-id"])).GetProperty("metadata").GetProperty("ref").GetString());

        // The same scan with the advisory below the threshold passes: the exit code follows the policy, not the scan.
        var passing = await CliProcess.RunAsync(app.Env, null, "gate", "--scan", outputs["scan-id"], "--fail-on-severity", "none");
        Assert.Equal(0, passing.ExitCode);
    }

    [Fact]
    public async Task A_bad_key_or_a_missing_input_is_exit_3_with_no_outputs_and_no_key_in_the_log()
    {
        const string badKey = "tos_action-bad-key-0123456789abcdef";
        var (exitCode, log, outputs, summary, _) = await RunAsync(badKey, new() { ["INPUT_PROJECT"] = "cli-spare" });

        Assert.Equal(3, exitCode);
        Assert.Empty(outputs);
        Assert.Equal("", summary);
        Assert.Contains("HTTP 401", log);
        Assert.DoesNotContain(badKey, log);

        var missing = await RunAsync(app.Developer.Key, new() { ["INPUT_PROJECT"] = "" });
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("::error::the input project is required", missing.Output);
    }
}

using System.Text.RegularExpressions;
using TrustedOss.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace TrustedOss.Tests.Unit.Ci;

/// <summary>The CI integrations as files: the action's declared inputs reach its script, the GitLab template's job wires the JUnit report.</summary>
public sealed class CiTemplateTests
{
    private static YamlMappingNode Load(params string[] path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine([RepoPaths.RepoRoot, .. path]));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    private static string Text(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    private static readonly string[] InstallInputs = ["cli-version", "cli-source"];

    private static YamlMappingNode RunStep(YamlMappingNode action) =>
        ((YamlSequenceNode)Map(action, "runs")["steps"]).Children.Cast<YamlMappingNode>().Single(s => s.Children.ContainsKey("id") && Text(s, "id") == "run");

    [Fact]
    public void The_action_is_composite_declares_the_issue_inputs_and_outputs_and_maps_each_input_to_its_INPUT_variable()
    {
        var action = Load(".github", "actions", "trustedoss-scan", "action.yml");

        var inputs = Map(action, "inputs").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        Assert.Superset(new HashSet<string> { "api-url", "api-key", "project", "kind", "image-ref", "ref", "fail-on-severity", "fail-on-license-tier", "only-new" },
            inputs.ToHashSet());
        Assert.Superset(new HashSet<string> { "scan-id", "status", "counts" }, Map(action, "outputs").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet());
        Assert.Equal("composite", Text(Map(action, "runs"), "using"));
        var step = RunStep(action);
        Assert.Equal("\"$GITHUB_ACTION_PATH/run.sh\"", Text(step, "run"));
        // A composite action's steps get no INPUT_* variables by themselves: the step maps each one as the runner would name it.
        var env = Map(step, "env");
        foreach (var input in inputs.Except(InstallInputs))
            Assert.Equal($"${{{{ inputs.{input} }}}}", Text(env, "INPUT_" + input.ToUpperInvariant().Replace('-', '_')));
        foreach (var (name, value) in Map(action, "outputs").Children)
            Assert.Equal($"${{{{ steps.run.outputs.{((YamlScalarNode)name).Value} }}}}", Text(value, "value"));
    }

    [Fact]
    public void The_action_script_reads_exactly_the_INPUT_variables_the_step_maps()
    {
        var read = Regex.Matches(File.ReadAllText(ActionScriptTestsScript), @"INPUT_[A-Z_]*[A-Z]").Select(m => m.Value).ToHashSet();
        var mapped = Map(RunStep(Load(".github", "actions", "trustedoss-scan", "action.yml")), "env").Children.Keys
            .Select(k => ((YamlScalarNode)k).Value!).Where(k => k.StartsWith("INPUT_", StringComparison.Ordinal)).ToHashSet();

        // run.sh names the three required ones through a loop ("INPUT_${required%%:*}").
        Assert.Equal(mapped.Order(), read.Union(["INPUT_API_URL", "INPUT_API_KEY", "INPUT_PROJECT"]).Order());
    }

    private static string ActionScriptTestsScript => Path.Combine(RepoPaths.RepoRoot, ".github", "actions", "trustedoss-scan", "run.sh");

    [Fact]
    public void The_gitlab_template_parses_and_its_job_runs_the_cli_and_reports_junit()
    {
        var template = Load("ci", "gitlab", "trustedoss-scan.gitlab-ci.yml");

        var job = Map(template, "trustedoss-scan");
        Assert.Equal(["stage", "image", "variables", "before_script", "script", "artifacts", "rules"], job.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal("test", Text(job, "stage"));
        Assert.Equal("trustedoss-junit.xml", Text(Map(Map(job, "artifacts"), "reports"), "junit"));
        Assert.Equal("always", Text(Map(job, "artifacts"), "when"));
        var script = string.Join('\n', ((YamlSequenceNode)job["script"]).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("trustedoss scan --project \"$TRUSTEDOSS_PROJECT\"", script);
        Assert.Contains("--wait", script);
        Assert.Contains("trustedoss gate --scan \"$SCAN_ID\"", script);
        Assert.Contains("--junit trustedoss-junit.xml", script);
        Assert.DoesNotContain("TRUSTEDOSS_API_KEY", script); // the key comes from the CI/CD variable's environment only
        Assert.Equal(["TRUSTEDOSS_PROJECT", "TRUSTEDOSS_KIND", "TRUSTEDOSS_IMAGE_REF", "TRUSTEDOSS_FAIL_ON_SEVERITY", "TRUSTEDOSS_FAIL_ON_LICENSE_TIER", "TRUSTEDOSS_ONLY_NEW", "TRUSTEDOSS_CLI_VERSION", "TRUSTEDOSS_CLI_SOURCE"],
            Map(template, "variables").Children.Keys.Select(k => ((YamlScalarNode)k).Value));
    }

    [Theory]
    [InlineData("source", "", "--ref feature/x")]
    [InlineData("container", "registry.example.com/app:1.2", "--image-ref registry.example.com/app:1.2")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_gitlab_job_passes_a_source_scan_its_branch_and_a_container_scan_its_image_reference(string kind, string imageRef, string expected)
    {
        // The job's script lines run in one shell as the GitLab runner runs them; a stand-in `trustedoss` records its arguments.
        var job = Map(Load("ci", "gitlab", "trustedoss-scan.gitlab-ci.yml"), "trustedoss-scan");
        var script = string.Join('\n', ((YamlSequenceNode)job["script"]).Children.Select(c => ((YamlScalarNode)c).Value));
        var dir = Directory.CreateTempSubdirectory("gitlab-job-").FullName;
        try
        {
            var calls = Path.Combine(dir, "calls");
            var cli = Path.Combine(dir, "trustedoss");
            await File.WriteAllTextAsync(cli, $"#!/bin/sh\necho \"$*\" >> '{calls}'\n[ \"$1\" = scan ] && echo 11111111-2222-3333-4444-555555555555\nexit 0\n");
            File.SetUnixFileMode(cli, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var start = new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-e", "-c", script]) { RedirectStandardError = true, RedirectStandardOutput = true };
            start.Environment["PATH"] = dir + ":" + Environment.GetEnvironmentVariable("PATH");
            start.Environment["TRUSTEDOSS_PROJECT"] = "team/app";
            start.Environment["TRUSTEDOSS_KIND"] = kind;
            start.Environment["TRUSTEDOSS_IMAGE_REF"] = imageRef;
            start.Environment["TRUSTEDOSS_FAIL_ON_SEVERITY"] = "high";
            start.Environment["TRUSTEDOSS_FAIL_ON_LICENSE_TIER"] = "forbidden";
            start.Environment["TRUSTEDOSS_ONLY_NEW"] = "false";
            start.Environment["CI_COMMIT_REF_NAME"] = "feature/x";
            using var shell = System.Diagnostics.Process.Start(start)!;
            var stderr = await shell.StandardError.ReadToEndAsync();
            await shell.WaitForExitAsync();
            Assert.True(shell.ExitCode == 0, stderr);

            var lines = await File.ReadAllLinesAsync(calls);
            Assert.Equal($"scan --project team/app --kind {kind} {expected} --wait", lines[0]);
            Assert.StartsWith("gate --scan 11111111-2222-3333-4444-555555555555 --fail-on-severity high --fail-on-license-tier forbidden --junit trustedoss-junit.xml", lines[1]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void The_jenkinsfile_gates_with_the_cli_and_publishes_the_junit_report()
    {
        var jenkinsfile = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "ci", "jenkins", "Jenkinsfile"));

        Assert.Contains("withCredentials([string(credentialsId: 'trustedoss-api-key', variable: 'TRUSTEDOSS_API_KEY')])", jenkinsfile);
        Assert.Contains("trustedoss gate --scan ${scanId}", jenkinsfile);
        Assert.Contains("--junit trustedoss-junit.xml", jenkinsfile);
        Assert.Contains("junit allowEmptyResults: true, testResults: 'trustedoss-junit.xml'", jenkinsfile);
        Assert.Equal(jenkinsfile.Count(c => c == '{'), jenkinsfile.Count(c => c == '}'));
    }
}

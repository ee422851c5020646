using System.Text.Json;
using System.Xml.Linq;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.EndToEnd.CommandLine;

/// <summary>`trustedoss gate` and `report` as processes on real scans: the minimist advisory, --only-new, the allow-list, licenses.</summary>
[Collection(CliCollection.Name)]
public sealed class CliGateTests(CliFixture app, ITestOutputHelper output) : IDisposable
{
    public void Dispose() => app.WriteOutputTo(output);

    private async Task<CliProcess.Result> RunAsync(params string[] arguments)
    {
        var result = await app.RunAsync(arguments);
        output.WriteLine($"$ trustedoss {string.Join(' ', arguments)}\n{result}");
        return result;
    }

    private string File(string name) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(app.Scratch, "reports")).FullName, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    [Fact]
    public async Task The_minimist_advisory_fails_the_gate_with_exit_1_and_a_sarif_that_validates_and_points_at_package_lock()
    {
        var scanId = await app.WaitForFirstDemoScanAsync();
        var (sarif, junit, markdown, outputs) = (File("gate.sarif"), File("junit.xml"), File("summary.md"), File("outputs"));

        var gate = await RunAsync("gate", "--scan", scanId, "--fail-on-severity", "high", "--sarif", sarif, "--junit", junit,
            "--markdown", markdown, "--outputs-file", outputs, "--source-root", app.DemoCheckout);

        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("CVE-2021-44906  CRITICAL  pkg:npm/minimist@1.2.5  package-lock.json  1.2.6", gate.Stdout);
        Assert.Contains("gate failed: 1 finding breaks the policy", gate.Stdout);

        var text = await System.IO.File.ReadAllTextAsync(sarif);
        Assert.Null(SarifSchema.Errors(text));
        var run = JsonDocument.Parse(text).RootElement.GetProperty("runs")[0];
        Assert.Equal("TrustedOSS Scans", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var rule = Assert.Single(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray());
        Assert.Equal("CVE-2021-44906", rule.GetProperty("id").GetString());
        Assert.Equal("9.8", rule.GetProperty("properties").GetProperty("security-severity").GetString());
        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("error", result.GetProperty("level").GetString());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("package-lock.json", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        var lockLines = await System.IO.File.ReadAllLinesAsync(Path.Combine(app.DemoCheckout, "package-lock.json"));
        Assert.Equal("\"node_modules/minimist\": {", lockLines[location.GetProperty("region").GetProperty("startLine").GetInt32() - 1].Trim());

        var tests = XDocument.Load(junit).Root!;
        Assert.Equal("1", tests.Attribute("failures")!.Value);
        var failed = Assert.Single(tests.Descendants("testcase"), c => c.Element("failure") is not null);
        Assert.Equal("CVE-2021-44906 pkg:npm/minimist@1.2.5", failed.Attribute("name")!.Value);
        Assert.Contains("| CVE-2021-44906 | CRITICAL | `pkg:npm/minimist@1.2.5` | package-lock.json | 1.2.6 | fails the gate |", await System.IO.File.ReadAllTextAsync(markdown));
        var values = (await System.IO.File.ReadAllLinesAsync(outputs)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(scanId, values["scan-id"]);
        Assert.Equal(("succeeded", "failed", "1"), (values["status"], values["gate"], values["vulnerabilities"]));

        // A threshold above the advisory passes, and report never fails the build.
        Assert.Equal(0, (await RunAsync("gate", "--scan", scanId, "--fail-on-severity", "none")).ExitCode);
        var report = await RunAsync("report", "--scan", scanId, "--format", "sarif");
        Assert.Equal(0, report.ExitCode);
        Assert.Null(SarifSchema.Errors(report.Stdout));
    }

    [Fact]
    public async Task Only_new_passes_when_the_second_scan_finds_nothing_the_first_did_not()
    {
        var second = await app.SecondDemoScanAsync();
        Assert.Equal(0, second.ExitCode);
        var scanId = second.Stdout.Trim();
        var firstId = await app.WaitForFirstDemoScanAsync();

        var onlyNew = await RunAsync("gate", "--scan", scanId, "--only-new");
        var all = await RunAsync("gate", "--scan", scanId);

        Assert.Equal(0, onlyNew.ExitCode);
        Assert.Contains("CVE-2021-44906  CRITICAL  pkg:npm/minimist@1.2.5  package-lock.json  1.2.6     not new", onlyNew.Stdout);
        Assert.Contains("gate passed", onlyNew.Stdout);
        Assert.Equal(1, all.ExitCode);
        var junit = File("junit.xml");
        Assert.Equal(0, (await RunAsync("report", "--scan", scanId, "--only-new", "--format", "markdown", "--output", junit)).ExitCode);
        Assert.Contains($"Compared with the previous succeeded scan `{firstId}`.", await System.IO.File.ReadAllTextAsync(junit));
        // The first scan had no predecessor: everything in it is new.
        Assert.Equal(1, (await RunAsync("gate", "--scan", firstId, "--only-new")).ExitCode);
    }

    [Fact]
    public async Task An_allow_list_entry_accepts_the_advisory_until_it_expires()
    {
        var scanId = await app.WaitForFirstDemoScanAsync();
        var current = File("allow.json");
        await System.IO.File.WriteAllTextAsync(current, """{"accepted": [{"id": "CVE-2021-44906", "expires": "2999-12-31", "reason": "not reachable from our code"}]}""");
        var expired = File("expired.json");
        await System.IO.File.WriteAllTextAsync(expired, """{"accepted": [{"id": "CVE-2021-44906", "expires": "2020-01-31"}]}""");
        var broken = File("broken.json");
        await System.IO.File.WriteAllTextAsync(broken, """{"accepted": [{"id": "CVE-2021-44906"}]}""");

        var accepted = await RunAsync("gate", "--scan", scanId, "--allow-list", current);
        var lapsed = await RunAsync("gate", "--scan", scanId, "--allow-list", expired);
        var invalid = await RunAsync("gate", "--scan", scanId, "--allow-list", broken);

        Assert.Equal(0, accepted.ExitCode);
        Assert.Contains("accepted until 2999-12-31: not reachable from our code", accepted.Stdout);
        Assert.Equal(1, lapsed.ExitCode);
        Assert.Contains("warning: allow-list entry CVE-2021-44906 expired on 2020-01-31 and no longer counts", lapsed.Stdout);
        Assert.Equal(3, invalid.ExitCode);
        Assert.Contains("needs \"expires\" as a date, yyyy-MM-dd", invalid.Stderr);
    }

    [Fact]
    public async Task A_clean_project_passes_and_its_develop_ref_with_a_gpl_dependency_fails_the_license_gate()
    {
        var clean = await app.CleanScanAsync();
        Assert.True(clean.ExitCode == 0, clean.ToString());
        var cleanId = clean.Stdout.Trim();
        var pass = await RunAsync("gate", "--scan", cleanId, "--fail-on-severity", "low", "--fail-on-license-tier", "forbidden,unknown");
        Assert.Equal(0, pass.ExitCode);
        Assert.Contains("gate passed", pass.Stdout);
        var cleanScan = await app.ScanAsync(cleanId);
        Assert.Equal("main", cleanScan.GetProperty("metadata").GetProperty("ref").GetString());

        var forbidden = await app.ForbiddenScanAsync();
        Assert.True(forbidden.ExitCode == 0, forbidden.ToString());
        var forbiddenId = forbidden.Stdout.Trim();
        var fail = await RunAsync("gate", "--scan", forbiddenId, "--fail-on-license-tier", "forbidden");
        var ignored = await RunAsync("gate", "--scan", forbiddenId, "--fail-on-license-tier", "none");

        Assert.Equal(1, fail.ExitCode);
        Assert.Contains("license-tier/forbidden  forbidden  pkg:npm/copyleft-lib@2.0.0  package-lock.json", fail.Stdout);
        Assert.Equal(0, ignored.ExitCode);
        // The scan says which ref and which commit it scanned: the override, at develop's head.
        var scan = await app.ScanAsync(forbiddenId);
        Assert.Equal("develop", scan.GetProperty("metadata").GetProperty("ref").GetString());
        Assert.Equal(app.DevelopSha, scan.GetProperty("commit_sha").GetString());
        Assert.NotEqual(app.DevelopSha, cleanScan.GetProperty("commit_sha").GetString());
        using var client = app.Api.Client(app.Developer.Key);
        var components = await SelfHostApi.GetAsync(client, $"/v1/projects/{scan.GetProperty("project_id").GetString()}/components?scan_id={cleanId}");
        Assert.DoesNotContain(components.GetProperty("items").EnumerateArray(), c => c.GetProperty("purl").GetString() == "pkg:npm/copyleft-lib@2.0.0");
        Assert.All(components.GetProperty("items").EnumerateArray(), c => Assert.Equal("package-lock.json", c.GetProperty("manifest_path").GetString()));
    }
}

using System.Text.Json;
using System.Xml.Linq;
using TrustedOss.CommandLine.Gate;
using TrustedOss.CommandLine.Reports;
using TrustedOss.Tests.TestSupport;
using static TrustedOss.Tests.Unit.CommandLine.GateSamples;

namespace TrustedOss.Tests.Unit.CommandLine;

/// <summary>The SARIF, JUnit, Markdown and table writers on one judged scan: a violation, an accepted advisory, one below the bar, a license.</summary>
public sealed class ReportWriterTests
{
    private static GateReport Sample()
    {
        var allow = new AllowList([new AllowList.Entry("GHSA-5crp-9r3c-p9vr", Today.AddDays(30), "no untrusted JSON")]);
        var result = Policy(allowList: allow).Evaluate(
            [Vulnerability(), Vulnerability(id: "GHSA-5crp-9r3c-p9vr", severity: "HIGH", package: "newtonsoft", cvss: null), Vulnerability(id: "CVE-2099-1", severity: "LOW", package: "ms", cvss: null, manifest: null)],
            [Component("gpl-lib", "forbidden", "GPL-3.0-only")], null, Today);
        return Report(result);
    }

    [Fact]
    public void Sarif_validates_against_the_sarif_2_1_0_schema_and_carries_what_code_scanning_needs()
    {
        var text = SarifWriter.Write(Sample(), new ManifestLines(null));

        Assert.Null(SarifSchema.Errors(text));
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = root.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(4, results.Count);
        Assert.Equal(["error", "note", "warning", "error"], results.Select(r => r.GetProperty("level").GetString()));
        foreach (var r in results)
        {
            // What GitHub code scanning reads of each result: a rule it defines, a message, a file and a line.
            Assert.Equal(r.GetProperty("ruleId").GetString(), rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            Assert.NotEmpty(r.GetProperty("message").GetProperty("text").GetString()!);
            var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.Equal(32, r.GetProperty("partialFingerprints").GetProperty("trustedossFinding/v1").GetString()!.Length);
        }
        Assert.Equal("package-lock.json", results[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("bom.json", results[2].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("no untrusted JSON", results[1].GetProperty("suppressions")[0].GetProperty("justification").GetString()!.Split(": ")[1]);
        Assert.Equal(["9.8", "8.0", "2.0"], rules.Take(3).Select(r => r.GetProperty("properties").GetProperty("security-severity").GetString()));
        Assert.Equal("https://github.com/advisories/GHSA-5crp-9r3c-p9vr", rules[1].GetProperty("helpUri").GetString());
        Assert.Equal("trustedoss/demo-app/source/", run.GetProperty("automationDetails").GetProperty("id").GetString());
    }

    [Fact]
    public void The_schema_check_itself_rejects_a_broken_sarif()
    {
        var text = SarifWriter.Write(Sample(), new ManifestLines(null)).Replace("\"level\": \"warning\"", "\"level\": \"fatal\"");

        Assert.Contains("level", SarifSchema.Errors(text));
        Assert.NotNull(SarifSchema.Errors("""{"version": "2.1.0"}"""));
    }

    [Fact]
    public void Sarif_points_at_the_line_that_declares_the_package_when_the_manifest_is_checked_out()
    {
        using var root = new TempDirectory();
        File.WriteAllText(Path.Combine(root.Path, "package-lock.json"), "{\n  \"packages\": {\n    \"node_modules/minimist\": {\n      \"version\": \"1.2.5\"\n    }\n  }\n}\n");

        var lines = new ManifestLines(root.Path);

        Assert.Equal(3, lines.LineOf("package-lock.json", "pkg:npm/minimist@1.2.5"));
        Assert.Equal(1, lines.LineOf("package-lock.json", "pkg:npm/absent@1.0.0"));
        Assert.Equal(1, lines.LineOf("../outside/package-lock.json", "pkg:npm/minimist@1.2.5"));
        Assert.Equal("@colors/colors", ManifestLines.PackageName("pkg:npm/%40colors/colors@1.6.0"));
        Assert.Equal("org.example/lib", ManifestLines.PackageName("pkg:maven/org.example/lib@1.0?type=jar"));
    }

    [Fact]
    public void Junit_has_a_failure_per_violation_a_skip_per_accepted_advisory_and_a_case_for_the_scan()
    {
        var xml = XDocument.Parse(JUnitWriter.Write(Sample())).Root!;

        Assert.Equal("testsuites", xml.Name.LocalName);
        Assert.Equal(("5", "2"), (xml.Attribute("tests")!.Value, xml.Attribute("failures")!.Value));
        var cases = xml.Descendants("testcase").ToList();
        Assert.StartsWith("demo-app source scan", cases[0].Attribute("name")!.Value);
        Assert.Equal(["CVE-2021-44906 pkg:npm/minimist@1.2.5", "license-tier/forbidden pkg:npm/gpl-lib@1.0.0"],
            cases.Where(c => c.Element("failure") is not null).Select(c => c.Attribute("name")!.Value));
        Assert.StartsWith("accepted until", cases.Single(c => c.Element("skipped") is not null).Element("skipped")!.Attribute("message")!.Value);
        Assert.Equal("package-lock.json", cases[1].Attribute("file")!.Value);
    }

    [Fact]
    public void Markdown_and_table_say_the_gate_failed_and_list_each_finding_once()
    {
        var report = Sample();

        var markdown = MarkdownWriter.Write(report);
        var table = TableWriter.Write(report);

        Assert.StartsWith("## TrustedOSS scan of demo-app: gate failed", markdown);
        Assert.Contains("### 2 findings break the policy", markdown);
        Assert.Contains("| CVE-2021-44906 | CRITICAL | `pkg:npm/minimist@1.2.5` | package-lock.json | 1.2.6 | fails the gate |", markdown);
        Assert.Contains("<summary>2 other findings</summary>", markdown);
        Assert.Contains("| `0190a000-0000-7000-8000-0000000000aa` | succeeded | source | main | `aaaaaaaaaaaa` | 4 | 2 | 1 |", markdown);
        Assert.EndsWith("gate failed: 2 findings break the policy\n", table.ReplaceLineEndings("\n"));
        Assert.Equal(1, table.Split('\n').Count(l => l.StartsWith("CVE-2021-44906 ")));
        Assert.Contains("policy: fail on severity >= HIGH; fail on license tier forbidden; only new findings: no; accepted advisories: 1", table);
    }

    [Fact]
    public void A_markdown_cell_cannot_break_the_table()
    {
        var report = Report(Policy().Evaluate([Vulnerability(package: "a|b")], [], null, Today));

        Assert.Contains("`pkg:npm/a\\|b@1.2.5`", MarkdownWriter.Write(report));
    }

    [Fact]
    public void Step_outputs_are_name_value_lines()
    {
        var report = Sample();

        Assert.Equal(
            $"scan-id={ScanId}\nstatus=succeeded\ngate=failed\ncounts={{\"components\":4,\"licenses\":2,\"vulnerabilities\":1}}\ncomponents=4\nlicenses=2\nvulnerabilities=1\nviolations=2\n",
            ReportFiles.Outputs(report.Scan, report.Result));
        Assert.Contains("gate=none", ReportFiles.Outputs(Scan("cancelled"), null));
    }
}

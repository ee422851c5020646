using TrustedOss.CommandLine;
using TrustedOss.CommandLine.Gate;
using static TrustedOss.Tests.Unit.CommandLine.GateSamples;

namespace TrustedOss.Tests.Unit.CommandLine;

public sealed class GatePolicyTests
{
    [Theory]
    [InlineData("HIGH", "CRITICAL", FindingStatus.Violation)]
    [InlineData("HIGH", "HIGH", FindingStatus.Violation)]
    [InlineData("HIGH", "MEDIUM", FindingStatus.BelowPolicy)]
    [InlineData("LOW", "LOW", FindingStatus.Violation)]
    [InlineData("LOW", "UNKNOWN", FindingStatus.BelowPolicy)]
    [InlineData(null, "CRITICAL", FindingStatus.BelowPolicy)]
    public void A_vulnerability_fails_at_or_above_the_threshold(string? threshold, string severity, FindingStatus expected)
    {
        var result = Policy(threshold).Evaluate([Vulnerability(severity: severity)], [], null, Today);

        Assert.Equal(expected, Assert.Single(result.Findings).Status);
        Assert.Equal(expected != FindingStatus.Violation, result.Passed);
    }

    [Fact]
    public void Components_in_a_failing_tier_are_violations_and_others_are_not_listed()
    {
        var result = Policy(tiers: "forbidden,unknown").Evaluate([],
            [Component("gpl-lib", "forbidden", "GPL-3.0-only"), Component("mystery", "unknown"), Component("ms", "allowed", "MIT"), Component("lgpl", "conditional", "LGPL-2.1-only")],
            null, Today);

        Assert.Equal(["license-tier/forbidden", "license-tier/unknown"], result.Findings.Select(f => f.RuleId).Order());
        Assert.All(result.Findings, f => Assert.Equal(FindingStatus.Violation, f.Status));
        Assert.Contains(result.Findings, f => f.Title == "pkg:npm/gpl-lib@1.0.0 is declared GPL-3.0-only (tier forbidden)");
        Assert.Contains(result.Findings, f => f.Title == "pkg:npm/mystery@1.0.0 is declared without a license (tier unknown)");
    }

    [Fact]
    public void Only_new_ignores_findings_the_previous_scan_had_but_not_a_new_version_or_a_new_advisory()
    {
        var previous = new Baseline(Guid.NewGuid(), [Vulnerability()], [Component("gpl-lib", "forbidden")]);
        var current = new[] { Vulnerability(), Vulnerability(version: "1.2.4"), Vulnerability(id: "CVE-2099-0001", severity: "HIGH") };

        var result = Policy(onlyNew: true).Evaluate(current, [Component("gpl-lib", "forbidden"), Component("agpl-lib", "forbidden")], previous, Today);

        Assert.Equal(previous.ScanId, result.BaselineScanId);
        Assert.Equal(FindingStatus.Existing, result.Findings.Single(f => f.Package == "pkg:npm/minimist@1.2.5" && f.RuleId == "CVE-2021-44906").Status);
        Assert.Equal(FindingStatus.Violation, result.Findings.Single(f => f.Package == "pkg:npm/minimist@1.2.4").Status);
        Assert.Equal(FindingStatus.Violation, result.Findings.Single(f => f.RuleId == "CVE-2099-0001").Status);
        Assert.Equal(FindingStatus.Existing, result.Findings.Single(f => f.Package == "pkg:npm/gpl-lib@1.0.0").Status);
        Assert.Equal(FindingStatus.Violation, result.Findings.Single(f => f.Package == "pkg:npm/agpl-lib@1.0.0").Status);
    }

    [Fact]
    public void Only_new_without_a_previous_scan_treats_everything_as_new()
    {
        var result = Policy(onlyNew: true).Evaluate([Vulnerability()], [], null, Today);

        Assert.False(result.Passed);
        Assert.Null(result.BaselineScanId);
    }

    [Fact]
    public void An_unexpired_allow_list_entry_accepts_the_advisory_through_its_expiry_day_and_not_after()
    {
        var allow = new AllowList([new AllowList.Entry("cve-2021-44906", Today, "not reachable")]);

        var onTheDay = Policy(allowList: allow).Evaluate([Vulnerability()], [], null, Today);
        var dayAfter = Policy(allowList: allow).Evaluate([Vulnerability()], [], null, Today.AddDays(1));

        Assert.True(onTheDay.Passed);
        Assert.Equal("accepted until 2026-12-04: not reachable", onTheDay.Findings[0].Note);
        Assert.Empty(onTheDay.ExpiredEntries);
        Assert.False(dayAfter.Passed);
        Assert.Equal("cve-2021-44906", Assert.Single(dayAfter.ExpiredEntries).Id);
    }

    [Fact]
    public void Findings_are_ordered_most_severe_first()
    {
        var result = Policy().Evaluate([Vulnerability(id: "CVE-B", severity: "LOW"), Vulnerability(id: "CVE-A", severity: "HIGH"), Vulnerability(id: "CVE-C", severity: "CRITICAL")], [], null, Today);

        Assert.Equal(["CVE-C", "CVE-A", "CVE-B"], result.Findings.Select(f => f.RuleId));
    }

    [Theory]
    [InlineData("critical", "CRITICAL")]
    [InlineData(" High ", "HIGH")]
    [InlineData("none", null)]
    public void Severity_thresholds_parse(string value, string? expected) => Assert.Equal(expected, Severity.ParseThreshold(value));

    [Theory]
    [InlineData("--fail-on-severity", "severe")]
    [InlineData("--fail-on-severity", "unknown")]
    [InlineData("--fail-on-license-tier", "banned")]
    [InlineData("--fail-on-license-tier", "")]
    public void Bad_policy_values_are_usage_errors(string option, string value)
    {
        var e = Assert.Throws<CliException>(() => option == "--fail-on-severity" ? (object?)Severity.ParseThreshold(value) : GatePolicy.ParseTiers(value));

        Assert.Equal(ExitCodes.UsageOrConnection, e.ExitCode);
        Assert.StartsWith(option, e.Message);
    }
}

using TrustedOss.CommandLine.Api;
using TrustedOss.CommandLine.Gate;

namespace TrustedOss.Tests.Unit.CommandLine;

/// <summary>Builders for the API records the gate reads, so each test states only what matters to it.</summary>
internal static class GateSamples
{
    public static readonly Guid ProjectId = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    public static readonly Guid ScanId = Guid.Parse("0190a000-0000-7000-8000-0000000000aa");
    public static readonly DateOnly Today = new(2026, 12, 4);

    public static Vulnerability Vulnerability(string id = "CVE-2021-44906", string severity = "CRITICAL", string package = "minimist", string version = "1.2.5",
        decimal? cvss = 9.8m, string? manifest = "package-lock.json") =>
        new(id, severity, package, version, "1.2.6", $"{package}: prototype pollution", cvss, "source", ScanId, "bom.json", $"pkg:npm/{package}@{version}", manifest);

    public static Component Component(string name, string tier, string? license = null) =>
        new($"pkg:npm/{name}@1.0.0", name, "1.0.0", license, tier, "package-lock.json");

    public static GatePolicy Policy(string? severity = "HIGH", string tiers = "forbidden", bool onlyNew = false, AllowList? allowList = null) =>
        new(severity, GatePolicy.ParseTiers(tiers), onlyNew, allowList ?? AllowList.Empty);

    public static Scan Scan(string status = "succeeded") =>
        new(ScanId, ProjectId, "demo-app", "source", status, new ScanMetadata("normal", "main", null, null), status, 100,
            new DateTime(2026, 12, 4, 10, 0, 0, DateTimeKind.Utc), null, null, new string('a', 40), "present", new ScanCounts(4, 2, 1));

    public static GateReport Report(GateResult result) => new(new Project(ProjectId, "demo-app", "demo-app", "demo"), Scan(), result);
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustedOss.CommandLine.Gate;

namespace TrustedOss.CommandLine.Reports;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning: one rule per advisory (or license tier) with <c>security-severity</c>, one
/// result per finding located at its manifest (e.g. package-lock.json, relative to <c>%SRCROOT%</c>) and the line that
/// declares the package. Violations are <c>error</c>; accepted ones carry an external suppression with the reason.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string InformationUri = "https://github.com/trustedoss/scans";

    public static string Write(GateReport report, ManifestLines manifests)
    {
        var findings = report.Result.Findings;
        var ruleIds = findings.Select(f => f.RuleId).Distinct().ToList();
        var rules = new JsonArray(ruleIds.Select(id => (JsonNode)Rule(findings.First(f => f.RuleId == id))).ToArray());
        var results = new JsonArray(findings.Select(f => (JsonNode)Result(f, ruleIds.IndexOf(f.RuleId), manifests)).ToArray());
        var sarif = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "TrustedOSS Scans",
                        ["informationUri"] = InformationUri,
                        ["semanticVersion"] = typeof(SarifWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                        ["rules"] = rules,
                    },
                },
                // One category per project and kind, so a repository with several projects keeps their alerts apart.
                ["automationDetails"] = new JsonObject { ["id"] = $"trustedoss/{report.Project.Slug}/{report.Scan.Kind}/" },
                ["results"] = results,
                ["properties"] = new JsonObject
                {
                    ["scanId"] = report.Scan.Id.ToString(),
                    ["commitSha"] = report.Scan.CommitSha,
                    ["gate"] = report.Result.Passed ? "passed" : "failed",
                },
            }),
        };
        return sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Rule(GateFinding f)
    {
        var vulnerability = f.Kind == FindingKind.Vulnerability;
        var text = vulnerability ? f.Title : $"A dependency's declared license is in the '{f.Level}' tier";
        var rule = new JsonObject
        {
            ["id"] = f.RuleId,
            ["name"] = vulnerability ? "VulnerableDependency" : "LicenseTier",
            ["shortDescription"] = new JsonObject { ["text"] = text },
            ["fullDescription"] = new JsonObject { ["text"] = vulnerability ? $"{f.RuleId}: {f.Title}" : $"{text} (legal-tier catalog)." },
            ["help"] = new JsonObject { ["text"] = vulnerability
                ? $"Upgrade the package to a fixed version{(f.Vulnerability?.FixedVersion is { } fix ? $" ({fix})" : "")}, or accept the advisory in the allow-list with an expiry date."
                : "Replace the dependency, or clear its license with your legal team." },
            ["defaultConfiguration"] = new JsonObject { ["level"] = "error" },
            ["properties"] = new JsonObject
            {
                ["tags"] = Strings(vulnerability ? ["security", "vulnerability", "dependency"] : ["license", "dependency"]),
            },
        };
        if (vulnerability)
        {
            rule["helpUri"] = HelpUri(f.RuleId);
            rule["properties"]!["security-severity"] = SecuritySeverity(f);
        }
        return rule;
    }

    private static JsonObject Result(GateFinding f, int ruleIndex, ManifestLines manifests)
    {
        var manifest = f.ManifestPath ?? f.Vulnerability?.Target ?? "trustedoss-scan";
        var message = f.Kind == FindingKind.Vulnerability
            ? $"{f.RuleId} ({f.Level}) in {f.Package}{(f.Vulnerability?.FixedVersion is { } fix ? $"; fixed in {fix}" : "")}: {f.Title}"
            : f.Title;
        if (f.Note is not null) message += $" [{f.Note}]";
        var result = new JsonObject
        {
            ["ruleId"] = f.RuleId,
            ["ruleIndex"] = ruleIndex,
            ["level"] = f.Status switch { FindingStatus.Violation => "error", FindingStatus.BelowPolicy => "warning", _ => "note" },
            ["message"] = new JsonObject { ["text"] = message },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = manifest, ["uriBaseId"] = "%SRCROOT%" },
                    ["region"] = new JsonObject { ["startLine"] = manifests.LineOf(manifest, f.Package) },
                },
            }),
            // Stable across scans, so code scanning tracks one alert per advisory and package rather than per line.
            ["partialFingerprints"] = new JsonObject { ["trustedossFinding/v1"] = Fingerprint($"{f.RuleId}|{f.Package}|{manifest}") },
        };
        if (f.Status == FindingStatus.Accepted)
            result["suppressions"] = new JsonArray(new JsonObject { ["kind"] = "external", ["status"] = "accepted", ["justification"] = f.Note });
        return result;
    }

    // GitHub ranks alerts by this 0.0–10.0 string: the CVSS score when the API has one, else the middle of the band.
    private static string SecuritySeverity(GateFinding f) =>
        (f.Vulnerability?.CvssScore ?? f.Level switch { "CRITICAL" => 9.5m, "HIGH" => 8.0m, "MEDIUM" => 5.5m, "LOW" => 2.0m, _ => 0.0m })
        .ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    private static string HelpUri(string id) =>
        id.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase) ? $"https://github.com/advisories/{id}"
        : id.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) ? $"https://nvd.nist.gov/vuln/detail/{id}"
        : $"https://osv.dev/vulnerability/{Uri.EscapeDataString(id)}";

    private static JsonArray Strings(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static string Fingerprint(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}

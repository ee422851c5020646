using System.Text;
using TrustedOss.CommandLine.Gate;

namespace TrustedOss.CommandLine.Reports;

/// <summary>A Markdown summary for a CI job page (GitHub's $GITHUB_STEP_SUMMARY, a merge-request comment).</summary>
public static class MarkdownWriter
{
    public static string Write(GateReport report)
    {
        var (project, scan, result) = report;
        var md = new StringBuilder();
        md.AppendLine($"## TrustedOSS scan of {Cell(project.Name)}: gate {(result.Passed ? "passed" : "failed")}").AppendLine();
        md.AppendLine("| Scan | Status | Kind | Ref | Commit | Components | Licenses | Vulnerabilities |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        md.AppendLine($"| `{scan.Id}` | {scan.Status} | {scan.Kind} | {Cell(scan.Metadata?.Ref ?? scan.Metadata?.ImageRef ?? "-")} | " +
                      $"{(scan.CommitSha is { Length: >= 12 } sha ? $"`{sha[..12]}`" : "-")} | {scan.Counts.Components} | {scan.Counts.Licenses} | {scan.Counts.Vulnerabilities} |");
        md.AppendLine().AppendLine($"Policy: {Cell(result.Policy.Describe())}.");
        if (result.BaselineScanId is { } baseline) md.AppendLine().AppendLine($"Compared with the previous succeeded scan `{baseline}`.");
        foreach (var expired in result.ExpiredEntries)
            md.AppendLine().AppendLine($"> Allow-list entry {Cell(expired.Id)} expired on {expired.Expires:yyyy-MM-dd}: it no longer counts.");
        var violations = result.Violations;
        md.AppendLine().AppendLine(violations.Count == 0 ? "No finding breaks the policy." : $"### {violations.Count} finding{(violations.Count == 1 ? "" : "s")} break{(violations.Count == 1 ? "s" : "")} the policy");
        if (violations.Count > 0) Table(md, violations);
        var others = result.Findings.Where(f => f.Status != FindingStatus.Violation).ToList();
        if (others.Count > 0)
        {
            md.AppendLine().AppendLine($"<details><summary>{others.Count} other finding{(others.Count == 1 ? "" : "s")}</summary>").AppendLine();
            Table(md, others);
            md.AppendLine().AppendLine("</details>");
        }
        return md.ToString();
    }

    private static void Table(StringBuilder md, IReadOnlyList<GateFinding> findings)
    {
        md.AppendLine().AppendLine("| Finding | Level | Package | Manifest | Fixed in | Status |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var f in findings)
            md.AppendLine($"| {Cell(f.RuleId)} | {f.Level} | `{Cell(f.Package)}` | {Cell(f.ManifestPath ?? "-")} | {Cell(f.Vulnerability?.FixedVersion ?? "-")} | " +
                          $"{StatusText(f)} |");
    }

    public static string StatusText(GateFinding f) => f.Status switch
    {
        FindingStatus.Violation => "fails the gate",
        FindingStatus.Accepted => Cell(f.Note ?? "accepted"),
        FindingStatus.Existing => "not new",
        _ => "below the threshold",
    };

    // A table cell must not end the row or the table.
    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}

using System.Text;
using TrustedOss.CommandLine.Gate;

namespace TrustedOss.CommandLine.Reports;

/// <summary>The plain-text summary for a terminal or a CI log.</summary>
public static class TableWriter
{
    public static string Write(GateReport report)
    {
        var (project, scan, result) = report;
        var text = new StringBuilder();
        text.AppendLine($"project {project.Slug} ({project.Id}), scan {scan.Id}: {scan.Status}, {scan.Kind}" +
                        $"{(scan.Metadata?.Ref is { } r ? $", ref {r}" : "")}{(scan.CommitSha is { } sha ? $", commit {sha}" : "")}");
        text.AppendLine($"components {scan.Counts.Components}, licenses {scan.Counts.Licenses}, vulnerabilities {scan.Counts.Vulnerabilities}");
        text.AppendLine($"policy: {result.Policy.Describe()}");
        foreach (var expired in result.ExpiredEntries)
            text.AppendLine($"warning: allow-list entry {expired.Id} expired on {expired.Expires:yyyy-MM-dd} and no longer counts");
        if (result.Findings.Count > 0)
        {
            var rows = result.Findings.Select(f => new[] { f.RuleId, f.Level, f.Package, f.ManifestPath ?? "-", f.Vulnerability?.FixedVersion ?? "-", MarkdownWriter.StatusText(f) }).ToList();
            string[] header = ["FINDING", "LEVEL", "PACKAGE", "MANIFEST", "FIXED IN", "STATUS"];
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            foreach (var row in rows.Prepend(header))
                text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
        text.AppendLine(result.Passed
            ? "gate passed"
            : $"gate failed: {result.Violations.Count} finding{(result.Violations.Count == 1 ? "" : "s")} break{(result.Violations.Count == 1 ? "s" : "")} the policy");
        return text.ToString();
    }
}

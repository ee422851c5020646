using System.CommandLine;
using TrustedOss.CommandLine.Reports;

namespace TrustedOss.CommandLine.Commands;

/// <summary>
/// <c>trustedoss gate</c>: judge a scan by the policy, print the summary table, optionally write SARIF, JUnit, Markdown
/// and step outputs, and exit 0 (passed), 1 (failed), or 2 (the scan failed or was cancelled: nothing to judge).
/// </summary>
public static class GateCommand
{
    public static Command Create(CommonOptions common, TextWriter stdout, TextWriter stderr)
    {
        var options = new GateOptions();
        var sarif = new Option<string?>("--sarif") { Description = "Also write a SARIF 2.1.0 report here (GitHub code scanning)." };
        var junit = new Option<string?>("--junit") { Description = "Also write a JUnit XML report here (GitLab, Jenkins)." };
        var markdown = new Option<string?>("--markdown") { Description = "Also write a Markdown summary here (a CI job summary)." };
        var outputs = new Option<string?>("--outputs-file") { Description = "Also write name=value step outputs here (scan-id, status, gate, counts, …)." };
        var command = new Command("gate", "Fail the build when a scan's findings break the policy.") { sarif, junit, markdown, outputs };
        foreach (var option in options.All) command.Add(option);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(stderr, async () =>
        {
            using var api = common.Connect(parse);
            var (scan, report, manifests) = await options.JudgeAsync(parse, api, stderr, ct);
            if (report is null)
            {
                if (parse.GetValue(outputs) is { } o) await ReportFiles.WriteAsync(o, ReportFiles.Outputs(scan, null), ct);
                return ExitCodes.ScanFailed;
            }
            foreach (var (option, format) in new[] { (sarif, "sarif"), (junit, "junit"), (markdown, "markdown") })
                if (parse.GetValue(option) is { } path) await ReportFiles.WriteAsync(path, ReportFiles.Render(format, report, manifests), ct);
            if (parse.GetValue(outputs) is { } file) await ReportFiles.WriteAsync(file, ReportFiles.Outputs(scan, report.Result), ct);
            await stdout.WriteAsync(TableWriter.Write(report));
            return report.Result.Passed ? ExitCodes.Pass : ExitCodes.GateFailed;
        }));
        return command;
    }
}

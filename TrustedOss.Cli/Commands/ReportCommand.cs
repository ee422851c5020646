using System.CommandLine;
using TrustedOss.CommandLine.Reports;

namespace TrustedOss.CommandLine.Commands;

/// <summary>
/// <c>trustedoss report</c>: a scan's findings, judged by the same policy options as <c>gate</c>, as a table, SARIF 2.1.0,
/// JUnit XML or Markdown — without failing the build (exit 0; 2 when the scan failed or was cancelled).
/// </summary>
public static class ReportCommand
{
    public static Command Create(CommonOptions common, TextWriter stdout, TextWriter stderr)
    {
        var options = new GateOptions();
        var format = new Option<string>("--format", "-f") { Description = "table (default), sarif, junit or markdown.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(ReportFiles.Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of stdout." };
        var command = new Command("report", "Print a scan's findings as a table, SARIF, JUnit XML or Markdown.") { format, output };
        foreach (var option in options.All) command.Add(option);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(stderr, async () =>
        {
            using var api = common.Connect(parse);
            var (_, report, manifests) = await options.JudgeAsync(parse, api, stderr, ct);
            if (report is null) return ExitCodes.ScanFailed;
            var text = ReportFiles.Render(parse.GetValue(format)!, report, manifests);
            if (parse.GetValue(output) is { } path) await ReportFiles.WriteAsync(path, text, ct);
            else await stdout.WriteAsync(text);
            return ExitCodes.Pass;
        }));
        return command;
    }
}

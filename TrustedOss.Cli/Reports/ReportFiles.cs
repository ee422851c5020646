using System.Text.Json;
using TrustedOss.CommandLine.Api;
using TrustedOss.CommandLine.Gate;

namespace TrustedOss.CommandLine.Reports;

/// <summary>Renders a report in one of the CLI's formats, and writes CI step outputs.</summary>
public static class ReportFiles
{
    public static readonly string[] Formats = ["table", "sarif", "junit", "markdown"];

    public static string Render(string format, GateReport report, ManifestLines manifests) => format switch
    {
        "sarif" => SarifWriter.Write(report, manifests),
        "junit" => JUnitWriter.Write(report),
        "markdown" => MarkdownWriter.Write(report),
        _ => TableWriter.Write(report),
    };

    public static async Task WriteAsync(string path, string content, CancellationToken ct)
    {
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(path, content, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write '{path}': {e.Message}");
        }
    }

    /// <summary>
    /// <c>name=value</c> lines in the format of GitHub's $GITHUB_OUTPUT (also easy to source elsewhere):
    /// scan-id, status, gate (passed, failed, or none when the scan did not succeed), the counts, and violations.
    /// </summary>
    public static string Outputs(Scan scan, GateResult? result)
    {
        var counts = JsonSerializer.Serialize(scan.Counts, TrustedOssApi.Json);
        return string.Join('\n',
            $"scan-id={scan.Id}",
            $"status={scan.Status}",
            $"gate={(result is null ? "none" : result.Passed ? "passed" : "failed")}",
            $"counts={counts}",
            $"components={scan.Counts.Components}",
            $"licenses={scan.Counts.Licenses}",
            $"vulnerabilities={scan.Counts.Vulnerabilities}",
            $"violations={result?.Violations.Count ?? 0}") + "\n";
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using TrustedOss.Pipeline.Sbom;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// Reads scancode-toolkit `--license --json` output (v32, output format 3.x) into the same
/// <see cref="DetectedLicenseFinding"/>s the built-in detector produces.
/// <list type="bullet">
/// <item>One finding per file and distinct `license_detections[].license_expression_spdx`; when a
/// file's detections carry no SPDX expression (early 32.0 output), its
/// `detected_license_expression_spdx` is used instead.</item>
/// <item>Confidence: the mean of the detection's `matches[].score`, weighted by `matched_length`.</item>
/// <item>Method: `tag` when a match came from the `1-spdx-id` matcher, `license-file` for license
/// file names, `header` otherwise.</item>
/// <item>Paths: scancode prefixes them with the scanned directory's name unless run with
/// `--strip-root`; that first segment is removed so paths are relative to the scanned root.</item>
/// </list>
/// </summary>
public static class ScancodeOutputParser
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new LenientStringConverter() } };

    /// <exception cref="InvalidDataException">The stream is not scancode JSON output.</exception>
    public static async Task<LicenseScanResult> ParseAsync(Stream json, CancellationToken cancellationToken)
    {
        OutputDto? output;
        try
        {
            output = await JsonSerializer.DeserializeAsync<OutputDto>(json, Options, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The scancode output is not valid JSON: {e.Message}", e);
        }
        if (output?.Files is null) throw new InvalidDataException("The scancode output has no 'files' list.");

        var header = output.Headers?.FirstOrDefault();
        var stripRoot = !OptionIsSet(header, "--strip-root") && !OptionIsSet(header, "--full-root");
        var findings = new Dictionary<(string Path, string Expression), DetectedLicenseFinding>();
        var fileCount = 0;
        foreach (var file in output.Files)
        {
            if (file?.Path is null || !string.Equals(file.Type ?? "file", "file", StringComparison.OrdinalIgnoreCase)) continue;
            fileCount++;
            var path = RelativePath(file.Path, stripRoot);
            foreach (var finding in FileFindings(file, path))
            {
                var key = (finding.SourcePath, finding.SpdxExpression);
                if (!findings.TryGetValue(key, out var existing) || existing.Confidence < finding.Confidence) findings[key] = finding;
            }
        }

        var sorted = findings.Values
            .OrderBy(f => f.SourcePath, StringComparer.Ordinal)
            .ThenBy(f => f.SpdxExpression, StringComparer.Ordinal)
            .ToList();
        var scanned = header?.ExtraData?.FilesCount is int n && n > 0 ? n : fileCount;
        return new LicenseScanResult(false, null, sorted, scanned, []);
    }

    public static async Task<LicenseScanResult> ParseFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        return await ParseAsync(stream, cancellationToken);
    }

    private static IEnumerable<DetectedLicenseFinding> FileFindings(FileDto file, string path)
    {
        var detections = (file.LicenseDetections ?? []).Where(d => d is not null).Select(d => d!).ToList();
        var withSpdx = detections.Where(d => !string.IsNullOrWhiteSpace(d.LicenseExpressionSpdx)).ToList();
        if (withSpdx.Count > 0)
        {
            foreach (var d in withSpdx)
                yield return Finding(d.LicenseExpressionSpdx!, path, d.Matches ?? []);
        }
        else if (!string.IsNullOrWhiteSpace(file.DetectedLicenseExpressionSpdx))
        {
            yield return Finding(file.DetectedLicenseExpressionSpdx, path, detections.SelectMany(d => d.Matches ?? []).ToList());
        }
    }

    private static DetectedLicenseFinding Finding(string expression, string path, IReadOnlyList<MatchDto?> matches)
    {
        var valid = matches.Where(m => m?.Score is not null).Select(m => m!).ToList();
        var weight = valid.Sum(m => Math.Max(m.MatchedLength ?? 1, 1));
        var confidence = valid.Count == 0 ? 0 : valid.Sum(m => m.Score!.Value * Math.Max(m.MatchedLength ?? 1, 1)) / weight;
        var method = valid.Any(m => m.Matcher == "1-spdx-id") ? DetectionMethod.Tag
            : LicenseFileNames.IsLicenseFile(path) ? DetectionMethod.LicenseFile
            : DetectionMethod.Header;
        var normalized = SpdxExpression.Parse(expression).ToString();
        return new DetectedLicenseFinding(normalized, path, (int)Math.Clamp(Math.Round(confidence, MidpointRounding.AwayFromZero), 0, 100), method);
    }

    private static string RelativePath(string path, bool stripRoot)
    {
        var p = path.Replace('\\', '/').TrimStart('/');
        if (!stripRoot) return p;
        var slash = p.IndexOf('/');
        return slash >= 0 ? p[(slash + 1)..] : p;
    }

    private static bool OptionIsSet(HeaderDto? header, string name) =>
        header?.Options is { } o && o.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.True;

    private sealed class OutputDto
    {
        [JsonPropertyName("headers")] public List<HeaderDto?>? Headers { get; set; }
        [JsonPropertyName("files")] public List<FileDto?>? Files { get; set; }
    }

    private sealed class HeaderDto
    {
        [JsonPropertyName("tool_version")] public string? ToolVersion { get; set; }
        [JsonPropertyName("options")] public Dictionary<string, JsonElement>? Options { get; set; }
        [JsonPropertyName("extra_data")] public ExtraDataDto? ExtraData { get; set; }
    }

    private sealed class ExtraDataDto
    {
        [JsonPropertyName("files_count")] public int? FilesCount { get; set; }
    }

    private sealed class FileDto
    {
        [JsonPropertyName("path")] public string? Path { get; set; }
        [JsonPropertyName("type")] public string? Type { get; set; }
        [JsonPropertyName("detected_license_expression_spdx")] public string? DetectedLicenseExpressionSpdx { get; set; }
        [JsonPropertyName("license_detections")] public List<DetectionDto?>? LicenseDetections { get; set; }
    }

    private sealed class DetectionDto
    {
        [JsonPropertyName("license_expression_spdx")] public string? LicenseExpressionSpdx { get; set; }
        [JsonPropertyName("matches")] public List<MatchDto?>? Matches { get; set; }
    }

    private sealed class MatchDto
    {
        [JsonPropertyName("score")] public double? Score { get; set; }
        [JsonPropertyName("matched_length")] public int? MatchedLength { get; set; }
        [JsonPropertyName("matcher")] public string? Matcher { get; set; }
    }
}

using System.Text;
using TrustedOss.Pipeline.Licenses;

namespace TrustedOss.Tests.Unit.Licenses;

public class ScancodeOutputParserTests
{
    /// <summary>Hand-written in the shape scancode-toolkit 32.x writes for `scancode --license --json-pp out.json src`.</summary>
    private const string Sample = """
        {
          "headers": [
            {
              "tool_name": "scancode-toolkit",
              "tool_version": "32.2.1",
              "options": {
                "input": ["src"],
                "--ignore": ["node_modules", "vendor"],
                "--json-pp": "out.json",
                "--license": true,
                "--processes": "2"
              },
              "notice": "Generated with ScanCode and provided on an \"AS IS\" BASIS, WITHOUT WARRANTIES\nOR CONDITIONS OF ANY KIND, either express or implied.",
              "start_timestamp": "2026-12-03T170000.000000",
              "end_timestamp": "2026-12-03T170012.000000",
              "output_format_version": "3.1.0",
              "duration": 12.1,
              "message": null,
              "errors": [],
              "warnings": [],
              "extra_data": {
                "system_environment": { "operating_system": "linux", "cpu_architecture": "64", "python_version": "3.11.2" },
                "spdx_license_list_version": "3.22",
                "files_count": 5
              }
            }
          ],
          "license_detections": [
            { "identifier": "mit-a1b2", "license_expression": "mit", "license_expression_spdx": "MIT", "detection_count": 1,
              "reference_matches": [ { "license_expression": "mit", "license_expression_spdx": "MIT", "from_file": "src/LICENSE",
                "start_line": 1, "end_line": 21, "matcher": "1-hash", "score": 100.0, "matched_length": 161, "match_coverage": 100.0,
                "rule_relevance": 100, "rule_identifier": "mit.LICENSE", "rule_url": "https://github.com/nexB/scancode-toolkit/tree/develop/src/licensedcode/data/licenses/mit.LICENSE" } ] }
          ],
          "files": [
            { "path": "src", "type": "directory", "detected_license_expression": null, "detected_license_expression_spdx": null,
              "license_detections": [], "license_clues": [], "percentage_of_license_text": 0, "scan_errors": [] },
            { "path": "src/LICENSE", "type": "file", "detected_license_expression": "mit", "detected_license_expression_spdx": "MIT",
              "license_detections": [
                { "license_expression": "mit", "license_expression_spdx": "MIT",
                  "matches": [ { "license_expression": "mit", "license_expression_spdx": "MIT", "from_file": "src/LICENSE",
                    "start_line": 1, "end_line": 21, "matcher": "1-hash", "score": 100.0, "matched_length": 161, "match_coverage": 100.0,
                    "rule_relevance": 100, "rule_identifier": "mit.LICENSE", "rule_url": null } ],
                  "identifier": "mit-a1b2" } ],
              "license_clues": [], "percentage_of_license_text": 100.0, "scan_errors": [] },
            { "path": "src/drivers/frob.c", "type": "file",
              "detected_license_expression": "gpl-2.0-plus AND apache-2.0",
              "detected_license_expression_spdx": "GPL-2.0-or-later AND Apache-2.0",
              "license_detections": [
                { "license_expression": "gpl-2.0-plus", "license_expression_spdx": "GPL-2.0-or-later",
                  "matches": [ { "license_expression": "gpl-2.0-plus", "license_expression_spdx": "GPL-2.0-or-later", "from_file": "src/drivers/frob.c",
                    "start_line": 3, "end_line": 16, "matcher": "2-aho", "score": 100.0, "matched_length": 119, "match_coverage": 100.0,
                    "rule_relevance": 100, "rule_identifier": "gpl-2.0-plus_64.RULE", "rule_url": null } ],
                  "identifier": "gpl_2_0_plus-c3d4" },
                { "license_expression": "apache-2.0", "license_expression_spdx": "Apache-2.0",
                  "matches": [
                    { "license_expression": "apache-2.0", "license_expression_spdx": "Apache-2.0", "from_file": "src/drivers/frob.c",
                      "start_line": 40, "end_line": 44, "matcher": "3-seq", "score": 80.0, "matched_length": 30, "match_coverage": 80.0,
                      "rule_relevance": 100, "rule_identifier": "apache-2.0_7.RULE", "rule_url": null },
                    { "license_expression": "apache-2.0", "license_expression_spdx": "Apache-2.0", "from_file": "src/drivers/frob.c",
                      "start_line": 45, "end_line": 46, "matcher": "2-aho", "score": 100.0, "matched_length": 10, "match_coverage": 100.0,
                      "rule_relevance": 100, "rule_identifier": "apache-2.0_8.RULE", "rule_url": null } ],
                  "identifier": "apache_2_0-e5f6" } ],
              "license_clues": [], "percentage_of_license_text": 31.5, "scan_errors": [] },
            { "path": "src/lib.rs", "type": "file", "detected_license_expression": "mit OR apache-2.0",
              "detected_license_expression_spdx": "MIT OR Apache-2.0",
              "license_detections": [
                { "license_expression": "mit OR apache-2.0", "license_expression_spdx": "MIT OR Apache-2.0",
                  "matches": [ { "license_expression": "mit OR apache-2.0", "license_expression_spdx": "MIT OR Apache-2.0", "from_file": "src/lib.rs",
                    "start_line": 1, "end_line": 1, "matcher": "1-spdx-id", "score": 100.0, "matched_length": 6, "match_coverage": 100.0,
                    "rule_relevance": 100, "rule_identifier": "spdx-license-identifier-mit_or_apache_2_0-1", "rule_url": null } ],
                  "identifier": "mit_or_apache_2_0-7a8b" } ],
              "license_clues": [], "percentage_of_license_text": 2.1, "scan_errors": [] },
            { "path": "src/old.py", "type": "file", "detected_license_expression": "bsd-new", "detected_license_expression_spdx": "BSD-3-Clause",
              "license_detections": [
                { "license_expression": "bsd-new",
                  "matches": [ { "license_expression": "bsd-new", "from_file": "src/old.py", "start_line": 2, "end_line": 25,
                    "matcher": "3-seq", "score": 96.5, "matched_length": 200, "match_coverage": 96.5, "rule_relevance": 100,
                    "rule_identifier": "bsd-new_12.RULE" } ],
                  "identifier": "bsd_new-9c0d" } ],
              "license_clues": [], "percentage_of_license_text": 80.0, "scan_errors": [] },
            { "path": "src/logo.png", "type": "file", "detected_license_expression": null, "detected_license_expression_spdx": null,
              "license_detections": [], "license_clues": [], "percentage_of_license_text": 0, "scan_errors": [] }
          ]
        }
        """;

    private static Task<LicenseScanResult> Parse(string json) =>
        ScancodeOutputParser.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

    [Fact]
    public async Task Reads_one_finding_per_file_and_detection_relative_to_the_scanned_root()
    {
        var result = await Parse(Sample);

        Assert.False(result.Skipped);
        Assert.Equal(5, result.FilesScanned);
        Assert.Equal(
            [
                new DetectedLicenseFinding("MIT", "LICENSE", 100, DetectionMethod.LicenseFile),
                new DetectedLicenseFinding("Apache-2.0", "drivers/frob.c", 85, DetectionMethod.Header), // (80×30 + 100×10) / 40
                new DetectedLicenseFinding("GPL-2.0-or-later", "drivers/frob.c", 100, DetectionMethod.Header),
                new DetectedLicenseFinding("MIT OR Apache-2.0", "lib.rs", 100, DetectionMethod.Tag),
                new DetectedLicenseFinding("BSD-3-Clause", "old.py", 97, DetectionMethod.Header), // 32.0 shape: file-level SPDX expression
            ],
            result.Findings);
    }

    [Fact]
    public async Task Keeps_paths_as_written_when_scancode_stripped_the_root()
    {
        var json = Sample.Replace("\"--license\": true,", "\"--license\": true, \"--strip-root\": true,")
            .Replace("\"path\": \"src/", "\"path\": \"");

        var result = await Parse(json);

        Assert.Equal(["LICENSE", "drivers/frob.c", "drivers/frob.c", "lib.rs", "old.py"], result.Findings.Select(f => f.SourcePath));
    }

    [Fact]
    public async Task Output_without_files_with_licenses_has_no_findings()
    {
        var result = await Parse("""{ "headers": [], "files": [ { "path": "x/a.c", "type": "file", "detected_license_expression_spdx": null, "license_detections": [] } ] }""");

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.FilesScanned);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "headers": [] }""")]
    public async Task Output_that_is_not_scancode_json_is_rejected(string json)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => Parse(json));
    }
}

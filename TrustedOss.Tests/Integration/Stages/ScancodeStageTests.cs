using System.Text.Json;
using Dapper;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Stages;

/// <summary>
/// The real `scancode` stage on cloned repositories, with scancode absent so the built-in detector
/// runs: detected licenses persisted with their source_path and legal tier, and the file ceiling.
/// </summary>
public sealed class ScancodeStageTests : IAsyncLifetime
{
    private const string GplTwoOrLaterHeader = """
        /*
         * frob.c - frobnicate widgets
         * Copyright (C) 2021 Jane Hacker <jane@example.org>
         *
         * This program is free software; you can redistribute it and/or modify
         * it under the terms of the GNU General Public License as published by
         * the Free Software Foundation; either version 2 of the License, or
         * (at your option) any later version.
         *
         * This program is distributed in the hope that it will be useful,
         * but WITHOUT ANY WARRANTY; without even the implied warranty of
         * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
         * GNU General Public License for more details.
         *
         * You should have received a copy of the GNU General Public License along
         * with this program; if not, write to the Free Software Foundation, Inc.,
         * 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.
         */
        #include <stdio.h>

        int main(void) { return 0; }
        """;

    private readonly TestDatabase database = new();
    private readonly TempDirectory scratch = new("trustedoss-scancode-stage");

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        scratch.Dispose();
    }

    /// <summary>scancode pointed at a path that does not exist, so the built-in detector runs even where scancode is installed.</summary>
    private StageHarness Harness(params (string Key, string Value)[] settings) =>
        new(database, scratch.Combine("stages-" + Guid.NewGuid().ToString("N")[..8]),
            [("SCANCODE_PATH", scratch.Combine("no-scancode", "scancode")), .. settings]);

    private static string SpdxText(string id)
    {
        var path = Path.Combine(RepoPaths.SpdxLicenseListDir, "licenses", id + ".json");
        Assert.True(File.Exists(path), $"{path} is missing: run `npm ci` in the tools folder (.tools) or set TOOLS_DIR.");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("licenseText").GetString()!;
    }

    [Fact]
    public async Task Detected_licenses_are_persisted_with_their_source_path_and_legal_tier_and_node_modules_is_not_read()
    {
        var repo = scratch.Combine("repos", "licensed");
        await new GitRepoBuilder(repo)
            .WithFile("LICENSE", SpdxText("MIT").Replace("<year> <copyright holders>", "2024 Acme Corporation"))
            .WithFile("crates/engine/LICENSE", SpdxText("Apache-2.0"))
            .WithFile("src/frob.c", GplTwoOrLaterHeader)
            .WithFile("src/lib.rs", "// SPDX-License-Identifier: MIT OR Apache-2.0\n\npub fn answer() -> u32 { 42 }\n")
            .WithFile("src/plain.py", "# just code, no license\nprint('hi')\n")
            .WithFile("node_modules/left-pad/LICENSE", SpdxText("GPL-3.0-only"))
            .WithFile("node_modules/left-pad/index.js", "// SPDX-License-Identifier: AGPL-3.0-only\nmodule.exports = 1;\n")
            .BuildAsync();
        await using var stages = Harness();
        var scan = await stages.NewScanAsync("file://" + repo);

        var results = await stages.RunAsync(scan, ScanPlan.Bootstrap, ScanPlan.Fetch, ScanPlan.Scancode);

        Assert.Equal(StageResult.Succeeded("4 detected licenses in 5 files"), results[ScanPlan.Scancode]);
        Assert.Contains("scancode_stage: scancode is not installed; using the built-in detector (SPDX tags, license files, license headers)",
            scan.Log.On(LogStream.Info));
        (string, string?, string, string?, Guid?)[] expected =
        [
            ("Apache-2.0", "crates/engine/LICENSE", "allowed", "license-file", null),
            ("GPL-2.0-or-later", "src/frob.c", "forbidden", "header", null),
            ("MIT", "LICENSE", "allowed", "license-file", null),
            ("MIT OR Apache-2.0", "src/lib.rs", "allowed", "tag", null),
        ];
        Assert.Equal(expected, await DetectedAsync(stages, scan));
        Assert.Contains("detected GPL-2.0-or-later in src/frob.c (header, ", scan.Log.AllText);
        Assert.DoesNotContain("node_modules", scan.Log.AllText);
        await using var c = await stages.Db.OpenConnectionAsync();
        Assert.Equal("forbidden", await c.ExecuteScalarAsync<string>("SELECT legal_tier FROM licenses WHERE spdx_id = 'GPL-2.0-or-later'"));

        // A retried stage replaces its own rows.
        await stages.RunAsync(scan, ScanPlan.Scancode);
        Assert.Equal(expected, await DetectedAsync(stages, scan));
    }

    [Fact]
    public async Task A_tree_over_SCANCODE_MAX_FILES_skips_the_stage_with_the_reason_and_stores_no_detected_licenses()
    {
        var repo = scratch.Combine("repos", "ten-files");
        var builder = new GitRepoBuilder(repo)
            .WithFile("LICENSE", SpdxText("MIT").Replace("<year> <copyright holders>", "2024 Acme Corporation"));
        for (var i = 1; i < 10; i++) builder.WithFile($"src/file{i}.rs", $"// SPDX-License-Identifier: MIT\npub fn f{i}() {{}}\n");
        await builder.BuildAsync();
        await using var stages = Harness(("SCANCODE_MAX_FILES", "3"));
        var scan = await stages.NewScanAsync("file://" + repo);

        var results = await stages.RunAsync(scan, ScanPlan.Bootstrap, ScanPlan.Fetch, ScanPlan.Scancode);

        Assert.Equal(StageResult.Skipped("the first-party tree has more than 3 files (SCANCODE_MAX_FILES)"), results[ScanPlan.Scancode]);
        Assert.Contains("scancode_stage_skipped: the first-party tree has more than 3 files (SCANCODE_MAX_FILES); continuing with declared licenses only",
            scan.Log.On(LogStream.Info));
        Assert.Empty(await DetectedAsync(stages, scan));
    }

    private static async Task<(string Expression, string? SourcePath, string Tier, string? Method, Guid? ComponentId)[]> DetectedAsync(StageHarness stages, TestScan scan)
    {
        await using var c = await stages.Db.OpenConnectionAsync();
        return (await c.QueryAsync<(string, string?, string, string?, Guid?)>(
            "SELECT expression, source_path, legal_tier, method, component_id FROM license_findings WHERE scan_id = @Id AND origin = 'detected' ORDER BY expression, source_path",
            scan)).ToArray();
    }
}

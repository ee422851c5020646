using Dapper;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Vulnerabilities;
using TrustedOss.Tests.Orchestration;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Scans;

/// <summary>
/// Spec "Scan a container image": a project's vulnerabilities are those of its latest succeeded scan of each kind,
/// source and container side by side, each saying which kind found it (real PostgreSQL, findings from real trivy reports).
/// </summary>
public sealed class ProjectFindingsByKindTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private static Task<IReadOnlyList<VulnerabilityFinding>> ReportAsync(string name) =>
        TrivyReportParser.ParseFileAsync(Path.Combine(RepoPaths.FixturesDir, "trivy", name), CancellationToken.None);

    [Fact]
    public async Task The_latest_succeeded_scan_of_each_kind_counts_and_every_finding_names_its_kind()
    {
        await using var h = new StageHarness(db.Database, Path.Combine(db.Scratch, Guid.NewGuid().ToString("N")));
        var source = await h.NewScanAsync("file:///nowhere.git");
        var project = source.Context.ProjectId;
        var olderContainer = Guid.NewGuid();
        var container = Guid.NewGuid();
        await using (var c = await h.Db.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE scans SET status = 'succeeded', completed_at = now() - interval '1 hour' WHERE id = @id", new { id = source.Id });
            foreach (var (id, age) in new[] { (olderContainer, "3 hours"), (container, "2 hours") })
                await c.ExecuteAsync($"INSERT INTO scans (id, project_id, kind, status, metadata, started_at, completed_at) VALUES (@id, @project, 'container', 'succeeded', '{{\"verbosity\":\"normal\"}}'::jsonb, now() - interval '{age}', now() - interval '{age}')",
                    new { id, project });
        }
        var results = h.Get<ScanResultsRepository>();
        var sourceFindings = await ReportAsync("debian-python-image-report.json");
        var containerFindings = await ReportAsync("alpine-3.19-image-report.json");
        Assert.NotEmpty(sourceFindings);
        Assert.NotEmpty(containerFindings);
        await results.ReplaceVulnerabilityFindingsAsync(source.Id, sourceFindings, default);
        await results.ReplaceVulnerabilityFindingsAsync(container, containerFindings, default);
        await results.ReplaceVulnerabilityFindingsAsync(olderContainer, sourceFindings, default); // superseded by the newer container scan

        var listed = await h.Get<ProjectFindingsQueries>().VulnerabilitiesAsync(Caller.System, project, FindingsFilter.From(1000, 0, null, null, null), default);

        Assert.Equal(sourceFindings.Count + containerFindings.Count, listed.Count);
        Assert.All(listed, v => Assert.Equal(v.ScanId == source.Id ? "source" : "container", v.ScanKind));
        Assert.DoesNotContain(listed, v => v.ScanId == olderContainer);
        Assert.Equal(containerFindings.Select(f => f.VulnerabilityId).Order(), listed.Where(v => v.ScanKind == "container").Select(v => v.Id).Order());
        Assert.Equal(sourceFindings.Select(f => f.VulnerabilityId).Order(), listed.Where(v => v.ScanKind == "source").Select(v => v.Id).Order());
    }
}

using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TrustedOss.Pipeline.Hosting;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Tests.TestSupport;

/// <summary>One scan the harness inserted, with the context its stages run in and the log they write.</summary>
public sealed record TestScan(StageContext Context, RecordingStageLog Log)
{
    public Guid Id => Context.ScanId;
}

/// <summary>
/// The real stage classes as the app wires them (<c>AddTrustedOssPipeline</c>), over a migrated test
/// database and private workspace and trivy-cache folders. Scans are inserted with SQL and the stages
/// called directly, in order, the way StageExecutor calls them (without its bookkeeping).
/// <code>await using var h = new StageHarness(db, scratch); var scan = await h.NewScanAsync(url); await h.RunAsync(scan, ScanPlan.Bootstrap, ScanPlan.Fetch);</code>
/// </summary>
public sealed class StageHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;

    /// <param name="scratch">A folder of the test's own; the harness uses its workspaces/ and trivy-cache/.</param>
    /// <param name="settings">Overrides of the app's settings (e.g. SCANCODE_MAX_FILES).</param>
    public StageHarness(TestDatabase database, string scratch, params (string Key, string Value)[] settings)
    {
        WorkspaceRoot = Path.Combine(scratch, "workspaces");
        TrivyCacheDir = Path.Combine(scratch, "trivy-cache");
        var values = new Dictionary<string, string?>
        {
            ["POSTGRES_CONNECTION_STRING"] = database.ConnectionString,
            ["TOOLS_DIR"] = RepoPaths.ToolsDir,
            ["WORKSPACE_ROOT"] = WorkspaceRoot,
            ["TRIVY_CACHE_DIR"] = TrivyCacheDir,
            ["GIT_ALLOWED_SCHEMES"] = "https,ssh,file", // tests clone local repositories
        };
        foreach (var (key, value) in settings) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        services = new ServiceCollection().AddLogging().AddTrustedOssPipeline(configuration).BuildServiceProvider();
    }

    public string WorkspaceRoot { get; }
    public string TrivyCacheDir { get; }
    public NpgsqlDataSource Db => services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Any service as the app wires it (queries, repositories).</summary>
    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public IScanStage Stage(string slug) => services.GetServices<IScanStage>().Single(s => s.Slug == slug);

    /// <summary>A team, a project with <paramref name="gitUrl"/> and a running source scan, as ScanTrigger leaves them.</summary>
    public async Task<TestScan> NewScanAsync(string gitUrl, string branch = "main", string verbosity = "normal")
    {
        var scanId = Guid.NewGuid();
        var slug = "p" + scanId.ToString("N")[..12];
        var metadata = new ScanMetadata(verbosity);
        await using var c = await Db.OpenConnectionAsync();
        var team = await c.ExecuteScalarAsync<Guid>("INSERT INTO teams (slug, name) VALUES (@slug, @slug) RETURNING id", new { slug });
        var project = await c.ExecuteScalarAsync<Guid>(
            "INSERT INTO projects (team_id, name, slug, git_url, default_branch) VALUES (@team, @slug, @slug, @gitUrl, @branch) RETURNING id",
            new { team, slug, gitUrl, branch });
        await c.ExecuteAsync(
            "INSERT INTO scans (id, project_id, kind, status, metadata, started_at) VALUES (@scanId, @project, 'source', 'running', CAST(@metadata AS jsonb), now())",
            new { scanId, project, metadata = $$"""{"verbosity":"{{verbosity}}"}""" });
        var log = new RecordingStageLog();
        var workspace = services.GetRequiredService<ScanWorkspaces>().Get(scanId);
        return new TestScan(new StageContext(scanId, project, ScanKind.Source, metadata, gitUrl, branch, workspace, log), log);
    }

    /// <summary>Runs the stages in order and returns each one's result by slug.</summary>
    public async Task<Dictionary<string, StageResult>> RunAsync(TestScan scan, params string[] slugs)
    {
        var results = new Dictionary<string, StageResult>();
        foreach (var slug in slugs) results[slug] = await Stage(slug).RunAsync(scan.Context, CancellationToken.None);
        return results;
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Scans;

/// <summary>The stored log over a real database: the per-scan budget and its marker, redaction, frames after commit.</summary>
public sealed class ScanLogWriterTests : IAsyncLifetime
{
    private readonly TestDatabase db = new();
    private readonly RecordingPublisher published = new();
    public async Task InitializeAsync() { await db.InitializeAsync(); await db.MigrateAsync(); }
    public Task DisposeAsync() => db.DisposeAsync();

    private sealed class RecordingPublisher : IScanFramePublisher
    {
        public ConcurrentQueue<LogFrame> Logs { get; } = new();
        public Task PublishAsync(Guid scanId, string frameType, object frame, CancellationToken cancellationToken)
        {
            if (frame is LogFrame log) Logs.Enqueue(log);
            return Task.CompletedTask;
        }
    }

    private async Task<Guid> SeedScanAsync()
    {
        var id = Guid.NewGuid();
        var tag = "l" + id.ToString("N")[..8];
        await using var c = await db.DataSource.OpenConnectionAsync();
        var team = await c.ExecuteScalarAsync<Guid>("INSERT INTO teams (slug, name) VALUES (@tag, @tag) RETURNING id", new { tag });
        var project = await c.ExecuteScalarAsync<Guid>("INSERT INTO projects (team_id, name, slug) VALUES (@team, @tag, @tag) RETURNING id", new { team, tag });
        await c.ExecuteAsync("INSERT INTO scans (id, project_id, kind, status) VALUES (@id, @project, 'source', 'running')", new { id, project });
        return id;
    }

    private async Task WriteStageAsync(Guid scanId, string stage, int budget, int lines, string prefix)
    {
        var frames = new ScanFrameSender([published], TimeProvider.System, NullLogger<ScanFrameSender>.Instance);
        await using var log = await ScanLogWriter.OpenAsync(db.DataSource, TimeProvider.System, new ScanLogOptions(budget), scanId, stage, frames, default);
        for (var i = 0; i < lines; i++) await log.WriteAsync(LogStream.Stdout, $"{prefix} {i}");
    }

    private async Task<(long Seq, string Stage, string Line)[]> StoredAsync(Guid scanId)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return (await c.QueryAsync<(long, string, string)>("SELECT seq, stage, line FROM scan_logs WHERE scan_id = @scanId ORDER BY seq", new { scanId })).ToArray();
    }

    [Fact]
    public async Task Past_the_budget_exactly_the_cap_is_stored_plus_one_marker_counting_every_dropped_line_across_stages()
    {
        var scanId = await SeedScanAsync();
        await WriteStageAsync(scanId, "cdxgen", budget: 50, lines: 40, "cdxgen line");
        await WriteStageAsync(scanId, "scancode", budget: 50, lines: 30, "scancode line");
        await WriteStageAsync(scanId, "dt_upload", budget: 50, lines: 5, "trivy line");

        var stored = await StoredAsync(scanId);
        Assert.Equal(51, stored.Length);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), stored[..50].Select(l => l.Seq));
        Assert.Equal("scancode line 9", stored[49].Line);
        var marker = stored[50];
        Assert.Equal((ScanLogWriter.MarkerSeq, "scancode"), (marker.Seq, marker.Stage));
        Assert.Equal("log budget of 50 lines per scan reached (SCAN_LOG_MAX_LINES_PER_SCAN): 25 later lines dropped", marker.Line);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(25, await c.ExecuteScalarAsync<long>("SELECT log_lines_dropped FROM scans WHERE id = @scanId", new { scanId }));

        // The marker goes out live once, with the count known when it was committed; dropped lines never do.
        Assert.Equal(51, published.Logs.Count);
        Assert.Single(published.Logs, f => f.Line.StartsWith("log budget of 50", StringComparison.Ordinal));
        Assert.DoesNotContain(published.Logs, f => f.Line.StartsWith("trivy line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_in_tool_output_are_masked_in_the_stored_line_and_in_the_frame()
    {
        var scanId = await SeedScanAsync();
        var frames = new ScanFrameSender([published], TimeProvider.System, NullLogger<ScanFrameSender>.Instance);
        await using (var log = await ScanLogWriter.OpenAsync(db.DataSource, TimeProvider.System, new ScanLogOptions(100), scanId, "fetch", frames, default))
        {
            await log.WriteAsync(LogStream.Stderr, "fatal: could not read from https://ci-bot:ghp_PlantedSecret123@git.example.com/org/repo.git");
            await log.WriteAsync(LogStream.Stdout, "env GITHUB_TOKEN=ghp_PlantedSecret123 npm install");
        }

        var lines = (await StoredAsync(scanId)).Select(l => l.Line).Concat(published.Logs.Select(f => f.Line)).ToArray();
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.DoesNotContain("PlantedSecret", l));
        Assert.Contains(lines, l => l.Contains("https://***@git.example.com/org/repo.git"));
    }

    [Fact]
    public async Task An_overlong_line_is_cut_and_says_so()
    {
        var scanId = await SeedScanAsync();
        await using (var log = await ScanLogWriter.OpenAsync(db.DataSource, TimeProvider.System, new ScanLogOptions(100), scanId, "cdxgen", null, default))
            await log.WriteAsync(LogStream.Stdout, new string('x', 10_000));

        var line = Assert.Single(await StoredAsync(scanId)).Line;
        Assert.Equal(ScanLogWriter.MaxLineLength + " …[truncated]".Length, line.Length);
        Assert.EndsWith("…[truncated]", line);
    }
}

using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Pipeline.Scans;

/// <summary>Reads of a scan's stored log (already redacted when written); team-scoped like the scan itself.</summary>
public sealed class ScanLogQueries(NpgsqlDataSource db, ScanQueries scans)
{
    public const int DefaultPageSize = 1000;
    public const int MaxPageSize = 5000;

    /// <summary>One page in seq order, after <paramref name="afterSeq"/>, optionally one stage's.</summary>
    public async Task<IReadOnlyList<LogLineView>> PageAsync(Caller caller, Guid scanId, string? stage, long? afterSeq, int? limit, CancellationToken ct)
    {
        ValidateStage(stage);
        var take = limit ?? DefaultPageSize;
        if (take is < 1 or > MaxPageSize) throw Problem.Invalid("limit", $"'limit' must be between 1 and {MaxPageSize}.").ToException();
        await scans.TeamOfVisibleScanAsync(caller, scanId, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<LogLineView>(new CommandDefinition(
            """
            SELECT seq, stage, stream, line, ts FROM scan_logs
            WHERE scan_id = @scanId AND (@stage::text IS NULL OR stage = @stage) AND seq > @after
            ORDER BY seq LIMIT @take
            """, new { scanId, stage, after = afterSeq ?? 0, take }, cancellationToken: ct))).AsList();
    }

    /// <summary>The latest log line of each stage (what a (re)subscribing client is shown first).</summary>
    public async Task<IReadOnlyList<LogLineView>> LastPerStageAsync(Caller caller, Guid scanId, CancellationToken ct)
    {
        await scans.TeamOfVisibleScanAsync(caller, scanId, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<LogLineView>(new CommandDefinition(
            "SELECT DISTINCT ON (stage) seq, stage, stream, line, ts FROM scan_logs WHERE scan_id = @scanId ORDER BY stage, seq DESC",
            new { scanId }, cancellationToken: ct))).OrderBy(l => l.Seq).ToArray();
    }

    /// <summary>
    /// The whole log (or one stage's) as download text, one formatted line each. The team check runs before
    /// the first line is read, so a caller that may not see the scan gets the 404 before any body starts.
    /// </summary>
    public async Task<IAsyncEnumerable<string>> DownloadLinesAsync(Caller caller, Guid scanId, string? stage, CancellationToken ct)
    {
        ValidateStage(stage);
        await scans.TeamOfVisibleScanAsync(caller, scanId, ct);
        return StreamAsync(scanId, stage, ct);
    }

    /// <summary>One line of the downloaded text: time, stage, stream, then the line as stored.</summary>
    public static string FormatLine(LogLineView line) =>
        $"{line.Ts:yyyy-MM-ddTHH:mm:ss.fffZ} [{line.Stage}] {line.Stream}: {line.Line}";

    private async IAsyncEnumerable<string> StreamAsync(Guid scanId, string? stage, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var lines = connection.QueryUnbufferedAsync<LogLineView>(
            "SELECT seq, stage, stream, line, ts FROM scan_logs WHERE scan_id = @scanId AND (@stage::text IS NULL OR stage = @stage) ORDER BY seq",
            new { scanId, stage });
        await foreach (var line in lines.WithCancellation(ct)) yield return FormatLine(line);
    }

    private static void ValidateStage(string? stage)
    {
        if (stage is not null && !ScanPlan.SourceStages.Contains(stage))
            throw Problem.Invalid("stage", $"'stage' must be one of {string.Join(", ", ScanPlan.SourceStages)}.").ToException();
    }
}

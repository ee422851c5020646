using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress;
using TrustedOss.Pipeline.Security;
using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Scans;

/// <summary>
/// A stage's log in PostgreSQL: every line redacted, capped in length, and counted against the scan's
/// budget (SCAN_LOG_MAX_LINES_PER_SCAN); past it one notice is written and the rest dropped.
/// Lines are written in batches; stages of one scan run one at a time, so sequence numbers never collide.
/// </summary>
public sealed class ScanLogWriter : IStageLog, IAsyncDisposable
{
    public const int MaxLineLength = 4000;
    private const int BatchSize = 200;

    private readonly NpgsqlDataSource db;
    private readonly TimeProvider clock;
    private readonly Guid scanId;
    private readonly string stage;
    private readonly int budget;
    private readonly ScanFrameSender? frames;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<(long Seq, string Stream, string Line, DateTimeOffset Ts)> pending = [];
    private long nextSeq;
    private long written;
    private bool budgetNoticeWritten;

    private ScanLogWriter(NpgsqlDataSource db, TimeProvider clock, Guid scanId, string stage, int budget, long nextSeq, long written, ScanFrameSender? frames)
    {
        (this.db, this.clock, this.scanId, this.stage, this.budget, this.nextSeq, this.written, this.frames) = (db, clock, scanId, stage, budget, nextSeq, written, frames);
    }

    /// <param name="frames">Live log frames go out after each committed batch; null sends none.</param>
    public static async Task<ScanLogWriter> OpenAsync(NpgsqlDataSource db, TimeProvider clock, ScanLogOptions options, Guid scanId, string stage, ScanFrameSender? frames, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var (max, count) = await connection.QuerySingleAsync<(long Max, long Count)>(new CommandDefinition(
            "SELECT COALESCE(max(seq), 0), count(*) FROM scan_logs WHERE scan_id = @scanId", new { scanId }, cancellationToken: ct));
        return new ScanLogWriter(db, clock, scanId, stage, options.MaxLinesPerScan, max + 1, count, frames) { budgetNoticeWritten = count > options.MaxLinesPerScan };
    }

    public async ValueTask WriteAsync(LogStream stream, string line, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            if (written >= budget)
            {
                if (budgetNoticeWritten) return;
                budgetNoticeWritten = true;
                line = $"log budget of {budget} lines per scan reached (SCAN_LOG_MAX_LINES_PER_SCAN); further output is not stored";
                stream = LogStream.Info;
            }
            var text = CredentialRedactor.Redact(line);
            if (text.Length > MaxLineLength) text = text[..MaxLineLength] + " …[truncated]";
            pending.Add((nextSeq++, stream.ToString().ToLowerInvariant(), text, clock.GetUtcNow()));
            written++;
            if (pending.Count >= BatchSize) await FlushLockedAsync(CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }

    public ValueTask InfoAsync(string line, CancellationToken ct = default) => WriteAsync(LogStream.Info, line, ct);

    public async Task FlushAsync()
    {
        await gate.WaitAsync(CancellationToken.None);
        try { await FlushLockedAsync(CancellationToken.None); }
        finally { gate.Release(); }
    }

    private async Task FlushLockedAsync(CancellationToken ct)
    {
        if (pending.Count == 0) return;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using (var writer = await connection.BeginBinaryImportAsync("COPY scan_logs (scan_id, seq, stage, stream, line, ts) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (seq, stream, line, ts) in pending)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(scanId, NpgsqlTypes.NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(seq, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(stage, NpgsqlTypes.NpgsqlDbType.Text, ct);
                await writer.WriteAsync(stream, NpgsqlTypes.NpgsqlDbType.Text, ct);
                await writer.WriteAsync(line.Replace("\0", ""), NpgsqlTypes.NpgsqlDbType.Text, ct);
                await writer.WriteAsync(ts, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
            }
            await writer.CompleteAsync(ct);
        }
        if (frames is not null) await frames.LogsAsync(scanId, pending.Select(p => new LogFrame(stage, p.Stream, p.Line, p.Ts)).ToArray());
        pending.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync();
        gate.Dispose();
    }
}

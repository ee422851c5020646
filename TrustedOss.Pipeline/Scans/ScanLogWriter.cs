using System.Threading.Channels;
using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress;
using TrustedOss.Pipeline.Security;
using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Scans;

/// <summary>
/// A stage's log in PostgreSQL: every line redacted, capped in length, and counted against the scan's
/// budget (SCAN_LOG_MAX_LINES_PER_SCAN). Past it the rest is dropped and counted, and one marker line
/// says how many were dropped. A writer never makes its tool wait on the database: lines are queued, and
/// one background loop redacts and stores whatever has queued up in a single COPY, then sends their live frames.
/// The queue is bounded by the budget, because lines past it are dropped before they are queued. Stages
/// of one scan run one at a time, so sequence numbers never collide.
/// </summary>
public sealed class ScanLogWriter : IStageLog, IAsyncDisposable
{
    public const int MaxLineLength = 4000;

    /// <summary>
    /// The marker's fixed seq: after every real line, and a JavaScript-safe integer (2^53 - 1) so a
    /// browser can page past it.
    /// </summary>
    public const long MarkerSeq = 9_007_199_254_740_991;

    private const int MaxBatch = 2000;

    private readonly NpgsqlDataSource db;
    private readonly TimeProvider clock;
    private readonly Guid scanId;
    private readonly string stage;
    private readonly int budget;
    private readonly ScanFrameSender? frames;
    private readonly Channel<Entry> queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private readonly Task storing;
    private long nextSeq;
    private long written;
    private bool markerWritten;
    private long droppedSinceStored;

    /// <summary>A line to store, or (Barrier set) a point a flush waits for.</summary>
    private readonly record struct Entry(long Seq, string Stream, string Line, DateTimeOffset Ts, TaskCompletionSource? Barrier = null);

    private ScanLogWriter(NpgsqlDataSource db, TimeProvider clock, Guid scanId, string stage, int budget, long nextSeq, long written, bool markerWritten, ScanFrameSender? frames)
    {
        (this.db, this.clock, this.scanId, this.stage, this.budget, this.nextSeq, this.written, this.markerWritten, this.frames) =
            (db, clock, scanId, stage, budget, nextSeq, written, markerWritten, frames);
        storing = Task.Run(StoreLoopAsync);
    }

    /// <param name="frames">Live log frames go out after each committed batch; null sends none.</param>
    public static async Task<ScanLogWriter> OpenAsync(NpgsqlDataSource db, TimeProvider clock, ScanLogOptions options, Guid scanId, string stage, ScanFrameSender? frames, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var (max, count, marker) = await connection.QuerySingleAsync<(long Max, long Count, bool Marker)>(new CommandDefinition(
            """
            SELECT COALESCE(max(seq) FILTER (WHERE seq < @marker), 0), count(*) FILTER (WHERE seq < @marker), bool_or(seq = @marker) IS TRUE
            FROM scan_logs WHERE scan_id = @scanId
            """, new { scanId, marker = MarkerSeq }, cancellationToken: ct));
        return new ScanLogWriter(db, clock, scanId, stage, options.MaxLinesPerScan, max + 1, count, marker, frames);
    }

    public static string MarkerText(int budget, long? dropped) =>
        $"log budget of {budget} lines per scan reached (SCAN_LOG_MAX_LINES_PER_SCAN): " +
        (dropped is { } n ? $"{n} later line{(n == 1 ? "" : "s")} dropped" : "later lines are dropped");

    public ValueTask WriteAsync(LogStream stream, string line, CancellationToken cancellationToken = default)
    {
        if (storing.IsFaulted) return ValueTask.FromException(storing.Exception!.GetBaseException());
        lock (gate)
        {
            if (written >= budget)
            {
                droppedSinceStored++;
                if (markerWritten) return ValueTask.CompletedTask;
                markerWritten = true;
                queue.Writer.TryWrite(new Entry(MarkerSeq, "info", MarkerText(budget, null), clock.GetUtcNow()));
                return ValueTask.CompletedTask;
            }
            queue.Writer.TryWrite(new Entry(nextSeq++, stream.ToString().ToLowerInvariant(), line, clock.GetUtcNow()));
            written++;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask InfoAsync(string line, CancellationToken ct = default) => WriteAsync(LogStream.Info, line, ct);

    /// <summary>Returns once every line written before the call is stored (and its frame sent).</summary>
    public async Task FlushAsync()
    {
        var barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (queue.Writer.TryWrite(new Entry(0, "", "", default, barrier))) await barrier.Task;
        else await storing; // disposed already, or the loop failed: then this rethrows its error
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await storing;
    }

    private async Task StoreLoopAsync()
    {
        var batch = new List<Entry>();
        var barriers = new List<TaskCompletionSource>();
        try
        {
            while (await queue.Reader.WaitToReadAsync())
            {
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var entry))
                {
                    if (entry.Barrier is { } barrier) barriers.Add(barrier);
                    else batch.Add(entry with { Line = Clean(entry.Line) });
                }
                await StoreAsync(batch);
                batch.Clear();
                foreach (var barrier in barriers) barrier.TrySetResult();
                barriers.Clear();
            }
            await StoreAsync(batch);
        }
        catch (Exception e)
        {
            // Refuse further lines, then fail every flush still waiting, queued or not, so none hangs.
            queue.Writer.TryComplete(e);
            while (queue.Reader.TryRead(out var entry)) entry.Barrier?.TrySetException(e);
            foreach (var barrier in barriers) barrier.TrySetException(e);
            throw;
        }
    }

    /// <summary>Redacted and cut here, off the tool's output path: the caller only queues.</summary>
    private static string Clean(string line)
    {
        var text = CredentialRedactor.Redact(line).Replace("\0", "");
        return text.Length > MaxLineLength ? text[..MaxLineLength] + " …[truncated]" : text;
    }

    private async Task StoreAsync(List<Entry> batch)
    {
        var dropped = Interlocked.Exchange(ref droppedSinceStored, 0);
        if (batch.Count == 0 && dropped == 0) return;
        await using var connection = await db.OpenConnectionAsync();
        if (batch.Count > 0)
        {
            await using var writer = await connection.BeginBinaryImportAsync("COPY scan_logs (scan_id, seq, stage, stream, line, ts) FROM STDIN (FORMAT BINARY)");
            foreach (var (seq, stream, line, ts, _) in batch)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(scanId, NpgsqlTypes.NpgsqlDbType.Uuid);
                await writer.WriteAsync(seq, NpgsqlTypes.NpgsqlDbType.Bigint);
                await writer.WriteAsync(stage, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(stream, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(line, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(ts, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }
        if (dropped > 0)
        {
            var marker = await CountDroppedAsync(connection, dropped);
            var index = batch.FindIndex(e => e.Seq == MarkerSeq);
            if (index >= 0) batch[index] = batch[index] with { Line = marker };
        }
        if (frames is not null && batch.Count > 0) await frames.LogsAsync(scanId, batch.Select(e => new LogFrame(stage, e.Stream, e.Line, e.Ts)).ToArray());
    }

    /// <summary>Adds dropped lines to the scan's total and rewrites the marker to say it; returns the marker's text.</summary>
    private async Task<string> CountDroppedAsync(NpgsqlConnection connection, long dropped)
    {
        var total = await connection.ExecuteScalarAsync<long>(
            "UPDATE scans SET log_lines_dropped = log_lines_dropped + @dropped WHERE id = @scanId RETURNING log_lines_dropped", new { dropped, scanId });
        var marker = MarkerText(budget, total);
        await connection.ExecuteAsync("UPDATE scan_logs SET line = @marker WHERE scan_id = @scanId AND seq = @seq", new { marker, scanId, seq = MarkerSeq });
        return marker;
    }
}

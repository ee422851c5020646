using Dapper;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;

namespace TrustedOss.Benchmarks;

/// <summary>
/// Section 5: stored log lines/s. First ScanLogWriter (redaction + batched binary COPY) against one INSERT
/// per line; then a real process printing the same number of lines through the one ProcessRunner, logged
/// to ScanLogWriter against logged nowhere, to show whether storing the log slows the tool down.
/// </summary>
public static class LogIngestBenchmark
{
    public const int Lines = 100_000;

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var server = options.RequirePostgres();
        var logOptions = new ScanLogOptions(int.MaxValue);
        var line = "npm debug: resolved node_modules/some-package/lib/index.js from https://registry.npmjs.org/some-package/-/some-package-1.2.3.tgz";

        long stored = 0;
        var batched = await Measure.RunAsync(1, options.Runs, async run =>
        {
            await using var db = await BenchDatabase.CreateAsync(server, ct);
            var scanId = await db.CreateScanAsync(ct);
            var count = run < 0 ? 1_000 : Lines;
            var elapsed = await Measure.TimeAsync(async () =>
            {
                await using var log = await ScanLogWriter.OpenAsync(db.DataSource, TimeProvider.System, logOptions, scanId, "cdxgen", null, ct);
                for (var i = 0; i < count; i++) await log.WriteAsync(LogStream.Stdout, line, ct);
            });
            if (run >= 0) stored = await CountAsync(db, scanId, ct);
            return elapsed;
        });
        var perLine = await Measure.RunAsync(1, options.BaselineRuns, async run =>
        {
            await using var db = await BenchDatabase.CreateAsync(server, ct);
            var scanId = await db.CreateScanAsync(ct);
            var count = run < 0 ? 1_000 : Lines;
            return await Measure.TimeAsync(async () =>
            {
                await using var conn = await db.DataSource.OpenConnectionAsync(ct);
                for (var i = 0; i < count; i++)
                    await conn.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO scan_logs (scan_id, seq, stage, stream, line, ts) VALUES (@scanId, @seq, 'cdxgen', 'stdout', @line, now())",
                        new { scanId, seq = i + 1L, line }, cancellationToken: ct));
            });
        });
        if (stored != Lines) throw new InvalidOperationException($"ScanLogWriter stored {stored} of {Lines} lines");

        // The tool: `seq` prints 1..N as fast as the pipe takes it.
        var runner = new ProcessRunner(TimeProvider.System);
        var command = new ToolCommand("seq", ["1", Lines.ToString()], Path.GetTempPath(), TimeSpan.FromMinutes(5));
        var unlogged = await Measure.RunAsync(1, options.Runs, async _ =>
            (await runner.RunAsync(command, NullStageLog.Instance, ct)).Duration);
        var logged = await Measure.RunAsync(1, options.Runs, async _ =>
        {
            await using var db = await BenchDatabase.CreateAsync(server, ct);
            var scanId = await db.CreateScanAsync(ct);
            await using var log = await ScanLogWriter.OpenAsync(db.DataSource, TimeProvider.System, logOptions, scanId, "cdxgen", null, ct);
            return (await runner.RunAsync(command, log, ct)).Duration;
        });

        Table.Print(
            $"5. Log ingestion: {Lines:N0} lines of {line.Length} characters into scan_logs, after 1 warm-up",
            ["writer", "runs", "median", "min", "max", "lines/s"],
            [
                Row("ScanLogWriter (redacted, batched binary COPY)", batched),
                Row("one INSERT per line (baseline)", perLine),
                Row($"tool run: `seq 1 {Lines}` through ProcessRunner, not logged", unlogged),
                Row($"tool run: `seq 1 {Lines}` through ProcessRunner into ScanLogWriter", logged),
            ],
            [
                $"ratio: ScanLogWriter ingests {Table.Ratio(batched.Rate(Lines) / perLine.Rate(Lines))} the lines/s of one INSERT per line",
                $"a tool printing {Lines:N0} lines takes {Table.Ratio(logged.Median / unlogged.Median)} as long when every line is stored",
            ]);
    }

    private static string[] Row(string label, Timing t) =>
        [label, $"{t.Runs.Count}", Table.Seconds(t.Median), Table.Seconds(t.Min), Table.Seconds(t.Max), Table.Number(t.Rate(Lines))];

    private static async Task<long> CountAsync(BenchDatabase db, Guid scanId, CancellationToken ct)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM scan_logs WHERE scan_id = @scanId", new { scanId }, cancellationToken: ct));
    }
}

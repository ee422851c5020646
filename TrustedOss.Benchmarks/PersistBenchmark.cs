using Dapper;
using TrustedOss.Pipeline.Licenses;
using TrustedOss.Pipeline.Persistence;

namespace TrustedOss.Benchmarks;

/// <summary>
/// Section 1: rows/s writing one large scan's components and vulnerability findings through
/// ScanResultsRepository (binary COPY + set-based statements) versus <see cref="RowAtATimeWriter"/>.
/// Every run, of either writer, gets a freshly migrated database, so neither ever finds the other's rows.
/// </summary>
public static class PersistBenchmark
{
    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var server = options.RequirePostgres();
        var tiers = LegalTierCatalog.BuiltIn;
        var data = SyntheticScan.Generate(options.Components, options.Findings, options.VulnerabilityIds);
        // Warm-up on a small slice: enough to JIT both paths and fill the connection pool, cheap for the slow one.
        var warmup = SyntheticScan.Generate(Math.Min(200, options.Components), Math.Min(1000, options.Findings), Math.Min(100, options.VulnerabilityIds));

        IReadOnlyList<(string Table, long Rows)>? bulkRows = null, baselineRows = null;
        string? durability = null;
        var bulk = await Measure.RunAsync(1, options.Runs, async run =>
        {
            var input = run < 0 ? warmup : data;
            await using var db = await BenchDatabase.CreateAsync(server, ct);
            var scanId = await db.CreateScanAsync(ct);
            var repository = new ScanResultsRepository(db.DataSource);
            var elapsed = await Measure.TimeAsync(async () =>
            {
                await repository.ReplaceComponentsAsync(scanId, input.Components, tiers, ct);
                await repository.ReplaceVulnerabilityFindingsAsync(scanId, input.Findings, ct);
            });
            if (run >= 0) bulkRows = await db.CountRowsAsync(ct);
            durability ??= await DurabilityAsync(db, ct);
            return elapsed;
        });
        var baseline = await Measure.RunAsync(1, options.BaselineRuns, async run =>
        {
            var input = run < 0 ? warmup : data;
            await using var db = await BenchDatabase.CreateAsync(server, ct);
            var scanId = await db.CreateScanAsync(ct);
            var elapsed = await Measure.TimeAsync(() => RowAtATimeWriter.WriteAsync(db.DataSource, scanId, input.Components, input.Findings, tiers, ct));
            if (run >= 0) baselineRows = await db.CountRowsAsync(ct);
            return elapsed;
        });

        if (!bulkRows!.SequenceEqual(baselineRows!))
            throw new InvalidOperationException($"the two writers wrote different rows: {Describe(bulkRows!)} vs {Describe(baselineRows!)}");

        Table.Print(
            $"1. Persist throughput: {data} ({data.Rows:N0} rows) into a freshly migrated database per run, after 1 warm-up",
            ["writer", "runs", "median", "min", "max", "rows/s"],
            [
                Row("ScanResultsRepository (binary COPY + set-based)", bulk, data.Rows),
                Row("row-at-a-time INSERTs (Dapper, one transaction)", baseline, data.Rows),
            ],
            [
                $"ratio: ScanResultsRepository writes {Table.Ratio(bulk.Rate(data.Rows) / baseline.Rate(data.Rows))} the rows/s of the row-at-a-time baseline",
                $"rows in the database after a run (both writers alike): {Describe(bulkRows!)}",
                $"server: {durability}",
            ]);
    }

    private static string[] Row(string label, Timing t, int rows) =>
        [label, $"{t.Runs.Count}", Table.Seconds(t.Median), Table.Seconds(t.Min), Table.Seconds(t.Max), Table.Number(t.Rate(rows))];

    private static string Describe(IReadOnlyList<(string Table, long Rows)> rows) =>
        string.Join(", ", rows.Select(r => $"{r.Table} {r.Rows:N0}"));

    /// <summary>The settings that decide what a commit costs (./dev bench's throwaway cluster turns fsync off, as ./dev test does).</summary>
    private static async Task<string> DurabilityAsync(BenchDatabase db, CancellationToken ct)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT format('PostgreSQL %s, fsync=%s, synchronous_commit=%s', current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'))",
            cancellationToken: ct));
    }
}

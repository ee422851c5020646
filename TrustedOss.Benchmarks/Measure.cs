using System.Diagnostics;

namespace TrustedOss.Benchmarks;

/// <summary>Wall-clock timings of one measured thing: each run's duration, summarized by its median.</summary>
public sealed record Timing(IReadOnlyList<TimeSpan> Runs)
{
    public TimeSpan Median
    {
        get
        {
            var sorted = Runs.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public TimeSpan Min => Runs.Min();

    public TimeSpan Max => Runs.Max();

    /// <summary>Items per second at the median.</summary>
    public double Rate(int items) => items / Median.TotalSeconds;
}

/// <summary>
/// A Stopwatch benchmark: warm-up runs (JIT, connection pool, page cache) are thrown away, then N runs
/// are kept. Each run times only its own critical part, so untimed setup (a fresh database) can sit
/// around it.
/// </summary>
public static class Measure
{
    /// <param name="run">Given the run index (warm-ups negative), does its setup and returns the timed part's duration.</param>
    public static async Task<Timing> RunAsync(int warmups, int runs, Func<int, Task<TimeSpan>> run)
    {
        for (var i = -warmups; i < 0; i++) await run(i);
        var kept = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++) kept.Add(await run(i));
        return new Timing(kept);
    }

    public static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed;
    }

    public static async Task<(T Result, TimeSpan Elapsed)> TimeAsync<T>(Func<Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        var result = await work();
        return (result, watch.Elapsed);
    }
}

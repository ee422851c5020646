using System.Text.Json;
using System.Text.RegularExpressions;
using TrustedOss.Shared;

namespace TrustedOss.Benchmarks;

/// <summary>
/// Where one succeeded scan's time went, from the app's own records read over HTTP (server clock):
/// <list type="bullet">
/// <item><see cref="Total"/>: the scan's <c>created_at</c> (the trigger) to its <c>completed_at</c>.</item>
/// <item><see cref="Stages"/>: the sum of its stages' <c>started_at</c> → <c>completed_at</c>.</item>
/// <item><see cref="Tools"/>: the sum of its external tool runs (git, cdxgen, trivy), each from the runner's
/// <c>$ &lt;command&gt;</c> log line to its <c>… exited with code N after …</c> line.</item>
/// </list>
/// </summary>
public sealed partial record EngineScanTiming(DateTime CreatedAt, DateTime CompletedAt, TimeSpan Stages, TimeSpan Tools, int ToolRuns)
{
    public TimeSpan Total => CompletedAt - CreatedAt;

    /// <summary>Everything but the tools: durable dispatch and queues, stage bookkeeping, in-process work.</summary>
    public TimeSpan Overhead => Total - Tools;

    /// <summary>The time no stage was running: durable dispatch and queue latency alone.</summary>
    public TimeSpan BetweenStages => Total - Stages;

    public static async Task<EngineScanTiming> ReadAsync(HttpClient client, string scanId, CancellationToken ct)
    {
        var scan = await SelfHostApi.GetAsync(client, $"/v1/scans/{scanId}", ct);
        if (scan.GetProperty("status").GetString() != "succeeded")
            throw new InvalidOperationException($"scan {scanId} did not succeed: {scan}");

        var stages = (await SelfHostApi.GetAsync(client, $"/v1/scans/{scanId}/stages", ct)).GetProperty("items").EnumerateArray()
            .Aggregate(TimeSpan.Zero, (sum, s) => sum + (Time(s, "completed_at") - Time(s, "started_at")));

        var (tools, runs) = (TimeSpan.Zero, 0);
        var started = new Dictionary<string, DateTime>();
        foreach (var line in (await SelfHostApi.GetAsync(client, $"/v1/scans/{scanId}/logs?limit=5000", ct)).GetProperty("items").EnumerateArray())
        {
            if (line.GetProperty("stream").GetString() != "info") continue;
            var (stage, text, ts) = (line.GetProperty("stage").GetString()!, line.GetProperty("line").GetString()!, Time(line, "ts"));
            if (text.StartsWith("$ ", StringComparison.Ordinal)) started[stage] = ts;
            else if (ToolExited().IsMatch(text) && started.Remove(stage, out var from))
            {
                tools += ts - from;
                runs++;
            }
        }

        return new EngineScanTiming(Time(scan, "created_at"), Time(scan, "completed_at"), stages, tools, runs);
    }

    private static DateTime Time(JsonElement element, string property) => element.GetProperty(property).GetDateTime().ToUniversalTime();

    // ProcessRunner's closing line of a tool run.
    [GeneratedRegex(@"^\S+ exited with code -?\d+ after [0-9.]+ s$")]
    private static partial Regex ToolExited();
}

using System.Text.Json;
using TrustedOss.Shared;

namespace TrustedOss.Tests.TestSupport;

/// <summary>Polling a scan over HTTP until it reaches a point a test needs, with the scan's state in the failure.</summary>
public static class ScanWaits
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>The tool processes working in a scan's workspace: their command lines name it.</summary>
    public static string ToolMarker(string workspaceRoot, string scanId) => Path.Combine(workspaceRoot, scanId);

    /// <summary>Waits until the scan is at <paramref name="stage"/> and a tool process runs in its workspace.</summary>
    public static async Task WaitForToolAsync(HttpClient client, string scanId, string stage, string workspaceRoot)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var scan = await SelfHostApi.GetAsync(client, $"/v1/scans/{scanId}");
            if (scan.GetProperty("current_step").GetString() == stage && ProcessTable.WithMarker(ToolMarker(workspaceRoot, scanId)).Count > 0) return;
            Assert.True(DateTime.UtcNow < deadline && scan.GetProperty("status").GetString() is "queued" or "running", $"no tool ran at {stage}: {scan}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the stage is in <paramref name="state"/>; returns every stage by slug.</summary>
    public static async Task<Dictionary<string, JsonElement>> WaitForStageAsync(HttpClient client, string scanId, string stage, string state)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var stages = await StagesAsync(client, scanId);
            if (stages[stage].GetProperty("state").GetString() == state) return stages;
            Assert.True(DateTime.UtcNow < deadline, $"stage {stage} is {stages[stage].GetProperty("state")}, not {state}");
            await Task.Delay(100);
        }
    }

    public static async Task<Dictionary<string, JsonElement>> StagesAsync(HttpClient client, string scanId) =>
        (await SelfHostApi.GetAsync(client, $"/v1/scans/{scanId}/stages")).GetProperty("items").EnumerateArray()
            .ToDictionary(s => s.GetProperty("stage").GetString()!, s => s);

    public static async Task UntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
    }
}

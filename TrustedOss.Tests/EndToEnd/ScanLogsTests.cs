using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.EndToEnd;

/// <summary>
/// Stored logs through the self-host with real scans (trivy on the test DB): verbose vs normal, redaction of a planted
/// credential in every place a line can surface (live frames, the logs API, the download, the app's own log), the download.
/// </summary>
public sealed partial class ScanLogsTests(SelfHostServer server) : IClassFixture<SelfHostServer>
{
    private const string Secret = "s3cret-pat-planted";

    /// <summary>A demo-app project whose git URL carries a credential and whose tree has a file named after one.</summary>
    private async Task<(HttpClient Client, string Key, string ProjectId)> PlantedProjectAsync()
    {
        var repo = Path.Combine(server.Scratch, "repos", Guid.NewGuid().ToString("N"));
        await new GitRepoBuilder(repo)
            .WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app"))
            .WithFile($"config/API_TOKEN={Secret}.js", "module.exports = {};\n")
            .BuildAsync();
        var dev = await server.NewMemberAsync("developer");
        var client = server.Client(dev.Key);
        // git ignores userinfo in file:// URLs, so this is a real clone through a credentialed URL.
        var body = JsonSerializer.Serialize(new { name = "logs-" + Guid.NewGuid().ToString("N")[..8], git_url = $"file://deploy:{Secret}@localhost{repo}" });
        var created = await client.PostAsync("/v1/projects", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (client, dev.Key, JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
    }

    private static async Task<string> TriggerAsync(HttpClient client, string projectId, string verbosity)
    {
        var response = await client.PostAsync($"/v1/projects/{projectId}/scans",
            new StringContent(JsonSerializer.Serialize(new { kind = "source", metadata = new { verbosity } }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<string> WaitForEndAsync(HttpClient client, string scanId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var status = JsonDocument.Parse(await client.GetStringAsync($"/v1/scans/{scanId}")).RootElement.GetProperty("status").GetString()!;
            if (status is "succeeded" or "failed" or "cancelled") return status;
            Assert.True(DateTime.UtcNow < deadline, $"scan {scanId} still {status}");
            await Task.Delay(200);
        }
    }

    /// <summary>A vulnerability DB for this server, so dt_upload runs trivy (without one it skips the tool).</summary>
    private Task WriteTrivyDbAsync() => TrivyTestDb.WriteAsync(Path.Combine(server.Scratch, "trivy-cache"));

    /// <summary>cdxgen's debug mode (CDXGEN_DEBUG_MODE=debug) names each manifest it parses.</summary>
    private static bool IsCdxgenDebugLine((string Stage, string Line) l) =>
        l.Stage == "cdxgen" && l.Line.StartsWith("Parsing ", StringComparison.Ordinal) && l.Line.EndsWith("/package-lock.json", StringComparison.Ordinal);

    /// <summary>A `trivy --debug` log line: timestamp, tab, level DEBUG, tab, message (its colour codes stripped).</summary>
    private static bool IsTrivyDebugLine((string Stage, string Line) l) => l.Stage == "dt_upload" && TrivyDebugLine().IsMatch(l.Line);

    [GeneratedRegex(@"^\S+\tDEBUG\t\S")]
    private static partial Regex TrivyDebugLine();

    /// <summary>Every stored line through the paged API, following after_seq to the end.</summary>
    private static async Task<List<(string Stage, string Line)>> StoredLinesAsync(HttpClient client, string scanId)
    {
        var lines = new List<(string, string)>();
        long after = 0;
        while (true)
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"/v1/scans/{scanId}/logs?after_seq={after}&limit=100")).RootElement.GetProperty("items");
            if (page.GetArrayLength() == 0) return lines;
            foreach (var item in page.EnumerateArray())
                lines.Add((item.GetProperty("stage").GetString()!, item.GetProperty("line").GetString()!));
            after = page[page.GetArrayLength() - 1].GetProperty("seq").GetInt64();
        }
    }

    [Fact]
    public async Task A_verbose_scan_logs_each_scanned_file_and_the_tools_debug_output_and_no_surface_shows_a_planted_credential()
    {
        var (client, key, projectId) = await PlantedProjectAsync();
        var frames = new ConcurrentQueue<string>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/scans"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(key))
            .Build();
        foreach (var type in new[] { "progress", "stage", "log" })
            hub.On<JsonElement>(type, body => frames.Enqueue(body.GetRawText()));
        await hub.StartAsync();

        await WriteTrivyDbAsync();
        var scanId = await TriggerAsync(client, projectId, "verbose");
        await hub.InvokeAsync("Subscribe", scanId);
        Assert.Equal("succeeded", await WaitForEndAsync(client, scanId));

        var stored = await StoredLinesAsync(client, scanId);
        var download = await client.GetAsync($"/v1/scans/{scanId}/logs/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"scan-{scanId}.log", download.Content.Headers.ContentDisposition?.ToString());
        var text = await download.Content.ReadAsStringAsync();

        // The planted values did reach the logs, masked: the clone command and the per-file line of the verbose detector.
        Assert.Contains(stored, l => l.Stage == "fetch" && l.Line.Contains("file://***@localhost"));
        Assert.Contains(stored, l => l.Stage == "scancode" && l.Line == "scanned config/API_TOKEN=***");
        Assert.Contains(stored, l => l.Stage == "scancode" && l.Line == "scanned index.js");
        // The tools' own debug output: cdxgen's debug mode and trivy --debug.
        Assert.Contains(stored, IsCdxgenDebugLine);
        Assert.Contains(stored, IsTrivyDebugLine);
        Assert.DoesNotContain(stored, l => l.Line.Contains('\u001b'));
        Assert.DoesNotContain(Secret, string.Join('\n', stored.Select(l => l.Line)));
        Assert.DoesNotContain(Secret, string.Join('\n', frames));
        Assert.DoesNotContain(Secret, text);
        lock (server.LogLines) Assert.All(server.LogLines, l => Assert.DoesNotContain(Secret, l));

        // The download is the stored log, one line per stored line, in order.
        var downloaded = text.TrimEnd('\n').Split('\n');
        Assert.Equal(stored.Count, downloaded.Length);
        Assert.All(downloaded.Zip(stored), p => Assert.EndsWith($"[{p.Second.Stage}] " + p.First.Split("] ", 2)[1], p.First));
        Assert.EndsWith(stored[^1].Line, downloaded[^1]);

        var fetchOnly = await client.GetStringAsync($"/v1/scans/{scanId}/logs/download?stage=fetch");
        Assert.Equal(stored.Count(l => l.Stage == "fetch"), fetchOnly.TrimEnd('\n').Split('\n').Length);
        Assert.All(fetchOnly.TrimEnd('\n').Split('\n'), l => Assert.Contains(" [fetch] ", l));
    }

    [Fact]
    public async Task A_normal_scan_keeps_the_quiet_trace_without_per_file_lines_or_tool_debug_output()
    {
        var (client, _, projectId) = await PlantedProjectAsync();
        await WriteTrivyDbAsync();
        var scanId = await TriggerAsync(client, projectId, "normal");
        Assert.Equal("succeeded", await WaitForEndAsync(client, scanId));

        var stored = await StoredLinesAsync(client, scanId);
        Assert.Contains(stored, l => l.Stage == "scancode");
        Assert.Contains(stored, l => l.Line == "detected MIT in index.js (tag, 100%)");
        Assert.DoesNotContain(stored, l => l.Line.StartsWith("scanned ", StringComparison.Ordinal));
        // cdxgen and trivy ran, without debug output.
        Assert.Contains(stored, l => l.Stage == "cdxgen" && l.Line.StartsWith("$ ", StringComparison.Ordinal));
        Assert.Contains(stored, l => l.Stage == "dt_upload" && l.Line.StartsWith("$ ", StringComparison.Ordinal) && l.Line.Contains(" sbom "));
        Assert.DoesNotContain(stored, IsCdxgenDebugLine);
        Assert.DoesNotContain(stored, IsTrivyDebugLine);
    }

    [Fact]
    public async Task A_verbose_scan_past_a_small_log_budget_stores_exactly_the_budget_plus_one_marker_that_counts_the_rest()
    {
        await using var capped = SelfHostServer.With(new() { ["SCAN_LOG_MAX_LINES_PER_SCAN"] = "40" });
        await capped.InitializeAsync();
        var repo = Path.Combine(capped.Scratch, "repos", "demo");
        await new GitRepoBuilder(repo).WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app")).BuildAsync();
        var client = capped.Client((await capped.NewMemberAsync("developer")).Key);
        var created = await client.PostAsync("/v1/projects", new StringContent(
            JsonSerializer.Serialize(new { name = "budget", git_url = "file://" + repo }), Encoding.UTF8, "application/json"));
        var projectId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var scanId = await TriggerAsync(client, projectId, "verbose");
        Assert.Equal("succeeded", await WaitForEndAsync(client, scanId));

        var stored = await StoredLinesAsync(client, scanId);
        Assert.Equal(41, stored.Count);
        var marker = stored[^1].Line;
        Assert.StartsWith("log budget of 40 lines per scan reached (SCAN_LOG_MAX_LINES_PER_SCAN): ", marker);
        var dropped = long.Parse(System.Text.RegularExpressions.Regex.Match(marker, @"(\d+) later lines? dropped").Groups[1].Value);
        Assert.True(dropped > 0, marker); // a verbose scan of the demo app writes hundreds of lines
        var download = await client.GetStringAsync($"/v1/scans/{scanId}/logs/download");
        Assert.Equal(41, download.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith(marker, download.TrimEnd());
    }

    [Fact]
    public async Task Logs_of_another_teams_scan_are_not_found_and_a_bad_stage_is_named()
    {
        var (client, _, projectId) = await PlantedProjectAsync();
        var scanId = await TriggerAsync(client, projectId, "normal");
        var stranger = server.Client((await server.NewMemberAsync("admin")).Key);

        foreach (var path in new[] { $"/v1/scans/{scanId}/logs", $"/v1/scans/{scanId}/logs/download" })
        {
            var response = await stranger.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var bad = await client.GetAsync($"/v1/scans/{scanId}/logs/download?stage=nope");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("'stage' must be one of", await bad.Content.ReadAsStringAsync());
        await client.PostAsync($"/v1/scans/{scanId}/cancel", null);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.EndToEnd;

/// <summary>
/// The spec's flows against the self-host running as a separate process (`dotnet TrustedOss.Functions.dll`), driven
/// only through HTTP: durable orchestration over Azurite, real git, cdxgen, the built-in license detector, trivy on a
/// real (test) DB, PostgreSQL.
/// </summary>
public sealed class ScanLifecycleTests(SelfHostProcessFixture app, ITestOutputHelper output) : IClassFixture<SelfHostProcessFixture>, IDisposable
{
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(4);

    public void Dispose() => app.WriteOutputTo(output);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpClient Client, string ProjectId)> NewProjectAsync(string gitUrl, string branch = "main")
    {
        var dev = await app.Api.NewMemberAsync("developer");
        var client = app.Api.Client(dev.Key);
        return (client, await SelfHostApi.CreateProjectAsync(client, gitUrl, branch));
    }

    private async Task<string> DemoRepoAsync()
    {
        var path = Path.Combine(app.Scratch, "repos", Guid.NewGuid().ToString("N"));
        await new GitRepoBuilder(path).WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app")).BuildAsync();
        return "file://" + path;
    }

    private static Task<JsonElement> GetJsonAsync(HttpClient client, string url) => SelfHostApi.GetAsync(client, url);

    private static Task<JsonElement> WaitForTerminalAsync(HttpClient client, string scanId) => SelfHostApi.WaitForTerminalAsync(client, scanId, ScanTimeout);

    private string ToolMarker(string scanId) => ScanWaits.ToolMarker(app.WorkspaceRoot, scanId);

    private Task WaitForCdxgenAsync(HttpClient client, string scanId) => ScanWaits.WaitForToolAsync(client, scanId, "cdxgen", app.WorkspaceRoot);

    [Fact]
    public async Task A_source_scan_of_the_demo_app_finds_its_components_licenses_and_the_minimist_cve()
    {
        await TrivyTestDb.WriteAsync(app.TrivyCacheDir);
        var (client, projectId) = await NewProjectAsync(await DemoRepoAsync());

        var trigger = await client.PostAsync($"/v1/projects/{projectId}/scans", Json("""{"kind":"source"}"""));
        var queued = JsonDocument.Parse(await trigger.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal("source", queued.GetProperty("kind").GetString());
        var scanId = queued.GetProperty("id").GetString()!;

        var scan = await WaitForTerminalAsync(client, scanId);

        Assert.True(scan.GetProperty("status").GetString() == "succeeded", scan.ToString());
        Assert.Equal(100, scan.GetProperty("progress_percent").GetInt32());
        Assert.Equal("present", scan.GetProperty("vulnerability_db").GetString());
        Assert.Equal(40, scan.GetProperty("commit_sha").GetString()!.Length);
        var stages = await GetJsonAsync(client, $"/v1/scans/{scanId}/stages");
        Assert.Equal(["bootstrap", "fetch", "prep", "cdxgen", "scancode", "dt_upload", "dt_findings", "finalize"],
            stages.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
        Assert.All(stages.GetProperty("items").EnumerateArray(), s => Assert.Equal("succeeded", s.GetProperty("state").GetString()));

        var components = (await GetJsonAsync(client, $"/v1/projects/{projectId}/components")).GetProperty("items").EnumerateArray().ToArray();
        var purls = components.Select(c => c.GetProperty("purl").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "pkg:npm/minimist@1.2.5", "pkg:npm/lodash@4.17.20", "pkg:npm/ms@2.1.3" }, purls);
        Assert.Equal("MIT", components.First(c => c.GetProperty("purl").GetString() == "pkg:npm/minimist@1.2.5").GetProperty("declared_license").GetString());
        Assert.Equal(scan.GetProperty("counts").GetProperty("components").GetInt32(), components.Length);

        var licenses = (await GetJsonAsync(client, $"/v1/projects/{projectId}/licenses")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Contains(licenses, l => l.GetProperty("origin").GetString() == "detected" && l.GetProperty("expression").GetString() == "MIT"
            && l.GetProperty("source_path").GetString() == "LICENSE");

        var vulnerabilities = (await GetJsonAsync(client, $"/v1/projects/{projectId}/vulnerabilities")).GetProperty("items").EnumerateArray().ToArray();
        var minimist = Assert.Single(vulnerabilities, v => v.GetProperty("id").GetString() == "CVE-2021-44906");
        Assert.Equal("CRITICAL", minimist.GetProperty("severity").GetString());
        Assert.Equal("1.2.6", minimist.GetProperty("fixed_version").GetString());
        Assert.Equal("source", minimist.GetProperty("scan_kind").GetString());

        Assert.Single((await GetJsonAsync(client, $"/v1/projects/{projectId}/vulnerabilities?severity=critical")).GetProperty("items").EnumerateArray());
        Assert.Empty((await GetJsonAsync(client, $"/v1/projects/{projectId}/vulnerabilities?severity=LOW")).GetProperty("items").EnumerateArray());
        Assert.Empty((await GetJsonAsync(client, $"/v1/projects/{projectId}/components?legal_tier=forbidden")).GetProperty("items").EnumerateArray());
        Assert.Equal(2, (await GetJsonAsync(client, $"/v1/projects/{projectId}/components?limit=2&offset=1")).GetProperty("items").GetArrayLength());
        Assert.All((await GetJsonAsync(client, $"/v1/projects/{projectId}/licenses?origin=detected")).GetProperty("items").EnumerateArray(),
            l => Assert.Equal("detected", l.GetProperty("origin").GetString()));
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/v1/projects/{projectId}/vulnerabilities?severity=SEVERE"), HttpStatusCode.UnprocessableEntity, "severity");
        var project = await GetJsonAsync(client, $"/v1/projects/{projectId}");
        Assert.Equal("succeeded", project.GetProperty("last_scan_status").GetString());
        Assert.Equal(scanId, project.GetProperty("last_scan_id").GetString());

        var logs = (await GetJsonAsync(client, $"/v1/scans/{scanId}/logs?stage=scancode")).GetProperty("items").EnumerateArray().Select(l => l.GetProperty("line").GetString()).ToArray();
        Assert.Contains(logs, l => l!.Contains("built-in detector"));

        await using var c = await app.Database.DataSource.OpenConnectionAsync();
        var audit = (await c.QueryAsync<(string Action, string After)>(
            "SELECT action, after::text FROM audit_logs WHERE target_table = 'scans' AND target_id = @scanId ORDER BY id", new { scanId })).ToArray();
        Assert.Equal(["create", "update", "update"], audit.Select(a => a.Action));
        Assert.Equal("{\"status\": \"succeeded\"}", audit[2].After);
    }

    [Fact]
    public async Task Ten_parallel_triggers_get_exactly_one_202_and_nine_409_naming_the_active_scan()
    {
        var (client, projectId) = await NewProjectAsync(await DemoRepoAsync());

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostAsync($"/v1/projects/{projectId}/scans", Json("{}"))));

        var accepted = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        var scanId = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var conflict in responses.Where(r => r != accepted))
        {
            var problem = await ProblemAssert.IsProblemAsync(conflict, HttpStatusCode.Conflict);
            Assert.True(problem.GetProperty("scan_already_in_progress").GetBoolean());
            Assert.Equal(scanId, problem.GetProperty("active_scan_id").GetString());
        }
        Assert.Single((await GetJsonAsync(client, $"/v1/projects/{projectId}/scans")).GetProperty("items").EnumerateArray());
        await client.PostAsync($"/v1/scans/{scanId}/cancel", null);
        await WaitForTerminalAsync(client, scanId!);
    }

    [Fact]
    public async Task Cancelling_a_running_scan_kills_its_tool_within_10_s_and_a_second_cancel_is_409()
    {
        var (client, projectId) = await NewProjectAsync(await DemoRepoAsync());
        var scanId = await SelfHostApi.TriggerScanAsync(client, projectId);
        await WaitForCdxgenAsync(client, scanId);

        var cancel = await client.PostAsync($"/v1/scans/{scanId}/cancel", null);
        var cancelled = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync()).RootElement;
        Assert.True(cancel.StatusCode == HttpStatusCode.OK, cancelled.ToString());
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled by user", cancelled.GetProperty("error_detail").GetString());
        Assert.Equal("cancelled by user", cancelled.GetProperty("error_message").GetString());
        Assert.True(cancelled.TryGetProperty("completed_at", out var completedAt) && completedAt.ValueKind == JsonValueKind.String);

        // The spec's bound: the running tool's whole process tree is gone within 10 s of the cancel.
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(ToolMarker(scanId), TimeSpan.FromSeconds(10)));
        var stages = await ScanWaits.WaitForStageAsync(client, scanId, "cdxgen", "skipped");
        Assert.Equal("cancelled by user", stages["cdxgen"].GetProperty("detail").GetString());
        Assert.Equal("succeeded", stages["fetch"].GetProperty("state").GetString());
        Assert.All(new[] { "scancode", "dt_upload", "dt_findings", "finalize" }, s => Assert.Equal("skipped", stages[s].GetProperty("state").GetString()));
        Assert.Equal("cancelled", (await GetJsonAsync(client, $"/v1/scans/{scanId}")).GetProperty("status").GetString());
        var again = await ProblemAssert.IsProblemAsync(await client.PostAsync($"/v1/scans/{scanId}/cancel", null), HttpStatusCode.Conflict);
        Assert.True(again.GetProperty("scan_already_cancelled").GetBoolean());
        Assert.Equal("cancelled", again.GetProperty("scan_status").GetString());
        await using (var c = await app.Database.DataSource.OpenConnectionAsync())
        {
            var audit = (await c.QueryAsync<(string Action, string Actor, string After)>(
                "SELECT action, actor_label, after::text FROM audit_logs WHERE target_table = 'scans' AND target_id = @scanId ORDER BY id", new { scanId })).ToArray();
            Assert.Equal("create", audit[0].Action);
            Assert.Contains(audit, a => a.Action == "update" && a.Actor == "system" && a.After.Contains("\"running\""));
            var cancelRow = Assert.Single(audit, a => a.After.Contains("\"cancelled\""));
            Assert.Equal("update", cancelRow.Action);
            Assert.NotEqual("system", cancelRow.Actor);
        }

        // The workspace is reclaimed, and the project takes a new scan at once.
        await ScanWaits.UntilAsync(() => Task.FromResult(!Directory.Exists(ToolMarker(scanId))), "the cancelled scan's workspace is still there");
        var next = await client.PostAsync($"/v1/projects/{projectId}/scans", Json("{}"));
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        var nextId = JsonDocument.Parse(await next.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await client.PostAsync($"/v1/scans/{nextId}/cancel", null);
    }

    [Fact]
    public async Task A_missing_branch_fails_the_scan_with_a_one_line_reason_and_no_workspace()
    {
        var (client, projectId) = await NewProjectAsync(await DemoRepoAsync(), branch: "release/9.9");
        var scanId = await SelfHostApi.TriggerScanAsync(client, projectId);

        var scan = await WaitForTerminalAsync(client, scanId);

        Assert.Equal("failed", scan.GetProperty("status").GetString());
        var detail = scan.GetProperty("error_detail").GetString()!;
        Assert.Contains("release/9.9", detail);
        Assert.DoesNotContain("\n", detail);
        var stages = (await GetJsonAsync(client, $"/v1/scans/{scanId}/stages")).GetProperty("items").EnumerateArray()
            .ToDictionary(s => s.GetProperty("stage").GetString()!, s => s.GetProperty("state").GetString());
        Assert.Equal("failed", stages["fetch"]);
        Assert.Equal("skipped", stages["cdxgen"]);
        Assert.False(Directory.Exists(ToolMarker(scanId)));
        var tooLate = await ProblemAssert.IsProblemAsync(await client.PostAsync($"/v1/scans/{scanId}/cancel", null), HttpStatusCode.Conflict);
        Assert.True(tooLate.GetProperty("scan_already_cancelled").GetBoolean());
        Assert.Equal("failed", tooLate.GetProperty("scan_status").GetString());
        Assert.Equal("failed", (await GetJsonAsync(client, $"/v1/scans/{scanId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_uploaded_zip_is_deleted_from_blob_storage_when_its_scan_fails_and_when_it_is_cancelled()
    {
        var client = app.Api.Client((await app.Api.NewMemberAsync("developer")).Key);
        var projectId = await SelfHostApi.CreateProjectWithoutSourceAsync(client);

        // Failed: bytes that are not a zip pass the name check, are stored, and fail at fetch.
        var notAZip = Path.Combine(app.Scratch, $"{Guid.NewGuid():N}.zip");
        await File.WriteAllTextAsync(notAZip, "these are not the bytes of a zip archive\n");
        var (failedId, failedUpload) = await UploadedScanAsync(client, projectId, notAZip);
        var failed = await WaitForTerminalAsync(client, failedId);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("not a readable .zip", failed.GetProperty("error_detail").GetString());
        await UploadBlobs.AssertDeletedAsync(failedUpload);

        // Cancelled: the demo app, cancelled while it is still queued or running.
        var demoZip = Path.Combine(app.Scratch, $"{Guid.NewGuid():N}.zip");
        System.IO.Compression.ZipFile.CreateFromDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app"), demoZip);
        var (cancelledId, cancelledUpload) = await UploadedScanAsync(client, projectId, demoZip);
        await SelfHostApi.SendAsync(client, HttpMethod.Post, $"/v1/scans/{cancelledId}/cancel", null, HttpStatusCode.OK);
        Assert.Equal("cancelled", (await WaitForTerminalAsync(client, cancelledId)).GetProperty("status").GetString());
        await UploadBlobs.AssertDeletedAsync(cancelledUpload);
    }

    /// <summary>Uploads <paramref name="zip"/> as a source scan; returns the scan's id and its blob, which is stored by the time the trigger answers.</summary>
    private static async Task<(string ScanId, string Upload)> UploadedScanAsync(HttpClient client, string projectId, string zip)
    {
        using var response = await SelfHostApi.UploadScanAsync(client, projectId, zip, "src.zip", "source");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var scan = JsonDocument.Parse(body).RootElement;
        var scanId = scan.GetProperty("id").GetString()!;
        var upload = scan.GetProperty("metadata").GetProperty("upload").GetString()!;
        // metadata.upload is recorded only once the blob is stored. Checking the blob here would race the scan, which
        // can fail (or be cancelled) and reclaim it within a second; the failed scan's fetch error shows it was read.
        Assert.Equal($"{scanId}/source.zip", upload);
        return (scanId, upload);
    }

    [Fact]
    public async Task Another_teams_scan_is_404_to_read_and_cancel_and_bad_trigger_bodies_are_422()
    {
        var (client, projectId) = await NewProjectAsync(await DemoRepoAsync());
        var stranger = app.Api.Client((await app.Api.NewMemberAsync("admin")).Key);

        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/v1/projects/{projectId}/scans", Json("""{"kind":"binary"}""")), HttpStatusCode.UnprocessableEntity, "kind");
        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/v1/projects/{projectId}/scans", Json("""{"metadata":{"verbosity":"loud"}}""")), HttpStatusCode.UnprocessableEntity, "metadata.verbosity");
        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/v1/projects/{projectId}/scans", Json("""{"kind":"container","metadata":{"image_ref":"-oops:1"}}""")), HttpStatusCode.UnprocessableEntity, "metadata.image_ref");
        await ProblemAssert.IsProblemAsync(await stranger.PostAsync($"/v1/projects/{projectId}/scans", Json("{}")), HttpStatusCode.NotFound);

        var scanId = await SelfHostApi.TriggerScanAsync(client, projectId);
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"/v1/scans/{scanId}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await stranger.PostAsync($"/v1/scans/{scanId}/cancel", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"/v1/scans/{scanId}/stages"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/scans/{scanId}")).StatusCode);
        Assert.NotEqual("cancelled", (await GetJsonAsync(client, $"/v1/scans/{scanId}")).GetProperty("status").GetString());

        // A super admin sees and cancels any team's scan.
        var superAdmin = app.Api.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await superAdmin.GetAsync($"/v1/scans/{scanId}")).StatusCode);
        var cancel = await superAdmin.PostAsync($"/v1/scans/{scanId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await WaitForTerminalAsync(client, scanId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_queue_lists_the_callers_teams_scans_by_status_newest_first()
    {
        var dev = await app.Api.NewMemberAsync("developer");
        var client = app.Api.Client(dev.Key);
        var stranger = app.Api.Client((await app.Api.NewMemberAsync("developer")).Key);
        var repo = await DemoRepoAsync();
        var failed = await SelfHostApi.TriggerScanAsync(client, await SelfHostApi.CreateProjectAsync(client, repo, "no-such-branch"));
        await WaitForTerminalAsync(client, failed);
        var cancelled = await SelfHostApi.TriggerScanAsync(client, await SelfHostApi.CreateProjectAsync(client, repo));
        await client.PostAsync($"/v1/scans/{cancelled}/cancel", null);
        var running = await SelfHostApi.TriggerScanAsync(client, await SelfHostApi.CreateProjectAsync(client, repo));
        await WaitForCdxgenAsync(client, running);

        async Task<string[]> QueueAsync(HttpClient caller, string status) =>
            (await GetJsonAsync(caller, $"/v1/scans?status={status}")).GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToArray();

        Assert.Equal([running], await QueueAsync(client, "running"));
        Assert.Empty(await QueueAsync(client, "queued"));
        Assert.Equal([failed], await QueueAsync(client, "failed"));
        Assert.Equal([cancelled], await QueueAsync(client, "cancelled"));
        Assert.Empty(await QueueAsync(client, "succeeded"));
        Assert.Equal([running, cancelled, failed], await QueueAsync(client, "all"));
        Assert.Empty(await QueueAsync(stranger, "all"));
        var row = (await GetJsonAsync(client, "/v1/scans?status=running")).GetProperty("items")[0];
        Assert.StartsWith("p-", row.GetProperty("project_name").GetString());
        Assert.Equal("cdxgen", row.GetProperty("current_step").GetString());
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/v1/scans?status=stuck"), HttpStatusCode.UnprocessableEntity, "status");
        Assert.Equal([cancelled], await QueueAsync(client, "all&limit=1&offset=1"));
        Assert.Equal([failed], await QueueAsync(client, "all&limit=5&offset=2"));
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/v1/scans?offset=-1"), HttpStatusCode.UnprocessableEntity, "offset");

        await client.PostAsync($"/v1/scans/{running}/cancel", null);
        Assert.Equal([running, cancelled], await QueueAsync(client, "cancelled"));
    }
}

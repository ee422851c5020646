using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TrustedOss.Shared;

/// <summary>
/// Drives a running self-host only through its HTTP API: a super admin key (from `seed-demo`) creates teams, users,
/// memberships and keys; members create projects and trigger and follow scans. Unexpected answers throw with the
/// response body. Shared by TrustedOss.Tests and TrustedOss.Benchmarks (linked).
/// </summary>
public sealed class SelfHostApi(Uri baseAddress, string adminKey)
{
    public static readonly string[] TerminalStatuses = ["succeeded", "failed", "cancelled"];

    public sealed record Member(string TeamId, string UserId, string Key);

    public Uri BaseAddress => baseAddress;

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public HttpClient AdminClient() => Client(adminKey);

    /// <summary>A new user with <paramref name="role"/> on a new team (or on <paramref name="teamId"/>), and their API key.</summary>
    public async Task<Member> NewMemberAsync(string role, string? teamId = null, CancellationToken ct = default)
    {
        using var admin = AdminClient();
        var tag = Guid.NewGuid().ToString("N")[..10];
        teamId ??= (await SendAsync(admin, HttpMethod.Post, "/v1/teams", $$"""{"slug":"team-{{tag}}","name":"Team {{tag}}"}""", HttpStatusCode.Created, ct))
            .GetProperty("id").GetString()!;
        var userId = (await SendAsync(admin, HttpMethod.Post, "/v1/users", $$"""{"email":"{{role}}-{{tag}}@example.test"}""", HttpStatusCode.Created, ct))
            .GetProperty("id").GetString()!;
        await SendAsync(admin, HttpMethod.Put, $"/v1/teams/{teamId}/members/{userId}", $$"""{"role":"{{role}}"}""", HttpStatusCode.OK, ct);
        var key = (await SendAsync(admin, HttpMethod.Post, $"/v1/users/{userId}/api-keys", """{"name":"test"}""", HttpStatusCode.Created, ct))
            .GetProperty("key").GetString()!;
        return new Member(teamId, userId, key);
    }

    /// <summary>A project of the caller's team on <paramref name="gitUrl"/>; returns its id.</summary>
    public static async Task<string> CreateProjectAsync(HttpClient member, string gitUrl, string branch = "main", CancellationToken ct = default) =>
        (await SendAsync(member, HttpMethod.Post, "/v1/projects",
            $$"""{"name":"p-{{Guid.NewGuid():N}}","git_url":"{{gitUrl}}","default_branch":"{{branch}}"}""", HttpStatusCode.Created, ct))
        .GetProperty("id").GetString()!;

    /// <summary>POST /v1/projects/{id}/scans (a source scan); returns the queued scan's id.</summary>
    public static async Task<string> TriggerScanAsync(HttpClient member, string projectId, CancellationToken ct = default) =>
        (await SendAsync(member, HttpMethod.Post, $"/v1/projects/{projectId}/scans", """{"kind":"source"}""", HttpStatusCode.Accepted, ct))
        .GetProperty("id").GetString()!;

    /// <summary>A project of the caller's team with no source at all (container scans need none); returns its id.</summary>
    public static async Task<string> CreateProjectWithoutSourceAsync(HttpClient member, CancellationToken ct = default) =>
        (await SendAsync(member, HttpMethod.Post, "/v1/projects", $$"""{"name":"p-{{Guid.NewGuid():N}}"}""", HttpStatusCode.Created, ct))
        .GetProperty("id").GetString()!;

    /// <summary>POST /v1/projects/{id}/scans as multipart: the file as `file`, plus `kind` (and any other form fields).</summary>
    public static async Task<HttpResponseMessage> UploadScanAsync(HttpClient member, string projectId, string path, string fileName, string kind,
        IReadOnlyDictionary<string, string>? fields = null, CancellationToken ct = default)
    {
        using var form = new MultipartFormDataContent { { new StringContent(kind), "kind" } };
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(value), name);
        await using var file = File.OpenRead(path);
        form.Add(new StreamContent(file), "file", fileName);
        return await member.PostAsync($"/v1/projects/{projectId}/scans", form, ct);
    }

    public static Task<JsonElement> GetAsync(HttpClient client, string url, CancellationToken ct = default) =>
        SendAsync(client, HttpMethod.Get, url, null, HttpStatusCode.OK, ct);

    /// <summary>Polls GET /v1/scans/{id} until the scan is terminal; throws with its last state when time runs out.</summary>
    public static async Task<JsonElement> WaitForTerminalAsync(HttpClient client, string scanId, TimeSpan within, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var scan = await GetAsync(client, $"/v1/scans/{scanId}", ct);
            if (TerminalStatuses.Contains(scan.GetProperty("status").GetString())) return scan;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"scan {scanId} still {scan.GetProperty("status")} at {scan.GetProperty("current_step")} after {within.TotalSeconds:0} s");
            await Task.Delay(100, ct);
        }
    }

    public static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string url, string? json, HttpStatusCode expected, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

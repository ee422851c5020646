using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrustedOss.CommandLine.Api;

/// <summary>
/// The public HTTP API, as the CLI uses it. Every non-success answer becomes a <see cref="CliException"/> with the
/// problem's one line; a server that cannot be reached does too. Neither message ever contains the API key.
/// </summary>
public sealed class TrustedOssApi : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const int PageSize = 5000;
    private readonly HttpClient http;

    public TrustedOssApi(ApiConnection connection, HttpMessageHandler? handler = null)
    {
        Connection = connection;
        http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = connection.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("trustedoss-cli", typeof(TrustedOssApi).Assembly.GetName().Version?.ToString(3)));
    }

    public ApiConnection Connection { get; }

    /// <summary>A project by id, or by slug (<c>team/slug</c> when the slug exists in several of the caller's teams).</summary>
    public async Task<Project> FindProjectAsync(string idOrSlug, CancellationToken ct)
    {
        if (Guid.TryParse(idOrSlug, out var id)) return await GetAsync<Project>($"/v1/projects/{id}", ct);
        var (team, slug) = idOrSlug.Split('/', 2) is [var t, var s] ? (t, s) : ((string?)null, idOrSlug);
        var matches = (await GetAsync<ItemsPage<Project>>("/v1/projects", ct)).Items
            .Where(p => p.Slug == slug && (team is null || p.TeamSlug == team)).ToList();
        return matches switch
        {
            [var only] => only,
            [] => throw new CliException($"No project '{idOrSlug}' is visible to this API key."),
            _ => throw new CliException($"The slug '{slug}' names projects in teams {string.Join(", ", matches.Select(m => m.TeamSlug))}: pass team/slug or the project id."),
        };
    }

    public Task<Scan> GetScanAsync(Guid scanId, CancellationToken ct) => GetAsync<Scan>($"/v1/scans/{scanId}", ct);

    public async Task<IReadOnlyList<Scan>> ProjectScansAsync(Guid projectId, CancellationToken ct) =>
        (await GetAsync<ItemsPage<Scan>>($"/v1/projects/{projectId}/scans?limit=500", ct)).Items;

    public async Task<IReadOnlyList<StageState>> StagesAsync(Guid scanId, CancellationToken ct) =>
        (await GetAsync<ItemsPage<StageState>>($"/v1/scans/{scanId}/stages", ct)).Items;

    public async Task<IReadOnlyList<LogLine>> LogsAsync(Guid scanId, long afterSeq, CancellationToken ct) =>
        (await GetAsync<ItemsPage<LogLine>>($"/v1/scans/{scanId}/logs?after_seq={afterSeq}&limit=1000", ct)).Items;

    /// <summary>Every component of one succeeded scan (all pages).</summary>
    public Task<List<Component>> ComponentsAsync(Guid projectId, Guid scanId, CancellationToken ct) =>
        AllPagesAsync<Component>($"/v1/projects/{projectId}/components?scan_id={scanId}", ct);

    /// <summary>Every vulnerability finding of one succeeded scan (all pages).</summary>
    public Task<List<Vulnerability>> VulnerabilitiesAsync(Guid projectId, Guid scanId, CancellationToken ct) =>
        AllPagesAsync<Vulnerability>($"/v1/projects/{projectId}/vulnerabilities?scan_id={scanId}", ct);

    public Task<Scan> TriggerAsync(Guid projectId, object body, CancellationToken ct) =>
        SendAsync<Scan>(HttpMethod.Post, $"/v1/projects/{projectId}/scans", JsonContent.Create(body, options: Json), ct);

    /// <summary>A multipart trigger: the file part <c>file</c> plus the text fields the API takes.</summary>
    public async Task<Scan> UploadAsync(Guid projectId, string filePath, string fileName, IReadOnlyDictionary<string, string> fields, CancellationToken ct)
    {
        await using var file = File.OpenRead(filePath);
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", fileName);
        return await SendAsync<Scan>(HttpMethod.Post, $"/v1/projects/{projectId}/scans", form, ct);
    }

    /// <summary>Joins a connection of Azure SignalR Service (Serverless mode) to the scan's group; the service then sends the current state.</summary>
    public Task SubscribeAsync(Guid scanId, string connectionId, CancellationToken ct) =>
        SendAsync<JsonElement>(HttpMethod.Post, $"/v1/scans/{scanId}/subscribe", JsonContent.Create(new { connection_id = connectionId }, options: Json), ct);

    public Task<Scan> CancelAsync(Guid scanId, CancellationToken ct) => SendAsync<Scan>(HttpMethod.Post, $"/v1/scans/{scanId}/cancel", null, ct);

    private async Task<List<T>> AllPagesAsync<T>(string url, CancellationToken ct)
    {
        var all = new List<T>();
        while (true)
        {
            var page = (await GetAsync<ItemsPage<T>>($"{url}&limit={PageSize}&offset={all.Count}", ct)).Items;
            all.AddRange(page);
            if (page.Count < PageSize) return all;
        }
    }

    private Task<T> GetAsync<T>(string url, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, url, null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string url, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url.TrimStart('/')) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach {Connection.BaseAddress}: {ProblemLine.OneLine(e.Message)}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"{Connection.BaseAddress} did not answer {method} /{url.TrimStart('/')} in time.");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw new CliException(ProblemLine.From(response.StatusCode, text));
            try
            {
                return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("empty body");
            }
            catch (JsonException)
            {
                throw new CliException($"{method} /{url.TrimStart('/')} answered something that is not the API's JSON; is {Connection.BaseAddress} a TrustedOSS server?");
            }
        }
    }

    public void Dispose() => http.Dispose();
}

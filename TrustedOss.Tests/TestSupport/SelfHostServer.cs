using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustedOss.Functions.Hosting;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Teams;
using TrustedOss.Shared;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// The real self-host (Kestrel on a free loopback port) over a fresh test database, plus helpers
/// to create teams, users and API keys through the real services.
/// </summary>
public sealed class SelfHostServer : IAsyncLifetime, IAsyncDisposable
{
    private readonly Dictionary<string, string?> extraSettings;
    public const string AzuriteVariable = "TEST_AZURITE_CONNECTION_STRING";
    public TestDatabase Database { get; } = new();

    /// <summary>A private folder for this server's workspaces and trivy cache.</summary>
    public string Scratch { get; } = Directory.CreateTempSubdirectory("trustedoss-selfhost-").FullName;

    public static string AzuriteConnectionString =>
        Environment.GetEnvironmentVariable(AzuriteVariable) is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException($"{AzuriteVariable} is not set: run the tests with ./dev test, which starts a throwaway Azurite.");
    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public List<string> LogLines { get; } = [];

    public SelfHostServer() => extraSettings = [];

    public static SelfHostServer With(Dictionary<string, string?> settings) => new(settings);

    private SelfHostServer(Dictionary<string, string?> settings) => extraSettings = settings;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var settings = new Dictionary<string, string?>
        {
            ["POSTGRES_CONNECTION_STRING"] = Database.ConnectionString,
            [SelfHostApp.UrlsKey] = "http://127.0.0.1:0",
            ["GIT_ALLOWED_SCHEMES"] = "https,ssh,file",
            ["AzureWebJobsStorage"] = AzuriteConnectionString,
            ["TASK_HUB_NAME"] = "t" + Guid.NewGuid().ToString("N")[..20],
            ["TOOLS_DIR"] = RepoPaths.ToolsDir,
            ["TRIVY_CACHE_DIR"] = Path.Combine(Scratch, "trivy-cache"),
            ["WORKSPACE_ROOT"] = Path.Combine(Scratch, "workspaces"),
        };
        foreach (var (k, v) in extraSettings) settings[k] = v;
        App = SelfHostApp.Build([], c => c.AddInMemoryCollection(settings), logging => logging.AddProvider(new CollectingLoggerProvider(LogLines)));
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(Scratch, recursive: true);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public TeamAdminService Admin => App.Services.GetRequiredService<TeamAdminService>();

    /// <summary>A user with `role` on a new team (or on `teamId`), and their API key.</summary>
    public async Task<(Guid TeamId, Guid UserId, string Key)> NewMemberAsync(string role, Guid? teamId = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        teamId ??= (await Admin.CreateTeamAsync(Caller.System, new CreateTeamRequest("team-" + tag, "Team " + tag), default)).Id;
        var user = await Admin.CreateUserAsync(Caller.System, new CreateUserRequest($"{role}-{tag}@example.test"), default);
        await Admin.SetMembershipAsync(Caller.System, teamId.Value, user.Id, new SetMembershipRequest(role), default);
        var key = await Admin.IssueApiKeyAsync(Caller.System, user.Id, new IssueApiKeyRequest("test"), default);
        return (teamId.Value, user.Id, key.Key);
    }

    /// <summary>A developer of a new team, a project on a fresh copy of samples/demo-app, and its triggered (queued) source scan.</summary>
    public async Task<(string Key, string ScanId)> StartDemoScanAsync()
    {
        var repo = Path.Combine(Scratch, "repos", Guid.NewGuid().ToString("N"));
        await new GitRepoBuilder(repo).WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app")).BuildAsync();
        var dev = await NewMemberAsync("developer");
        using var client = Client(dev.Key);
        var projectId = await SelfHostApi.CreateProjectAsync(client, "file://" + repo);
        return (dev.Key, await SelfHostApi.TriggerScanAsync(client, projectId));
    }

    public async Task<string> NewSuperAdminKeyAsync()
    {
        var user = await Admin.CreateUserAsync(Caller.System, new CreateUserRequest($"root-{Guid.NewGuid():N}@example.test", null, true), default);
        return (await Admin.IssueApiKeyAsync(Caller.System, user.Id, new IssueApiKeyRequest("test"), default)).Key;
    }
}

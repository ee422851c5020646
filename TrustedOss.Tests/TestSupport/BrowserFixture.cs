using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Playwright;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// The self-host serving the built web page (web/dist, copied into the app's wwwroot), Debian's chromium
/// driven by Playwright, a trivy test DB (so the demo's minimist CVE is found), a git server that never
/// answers (for scans that must still be running when the test acts), and a stand-in Azure SignalR
/// Service (Serverless) the server publishes frames to as well, as the Functions host does.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "CHROMIUM_PATH";

    public SelfHostServer Server { get; private set; } = null!;

    /// <summary>The local stand-in for Azure SignalR Service (Serverless) the server also publishes to: the Functions host's live path.</summary>
    public FakeSignalRService SignalRService { get; private set; } = null!;
    public HangingHttpServer HangingGit { get; } = new();
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The server's TRIVY_CACHE_DIR, holding the trivy test DB under <c>db/</c>.</summary>
    public string TrivyCacheDir => Path.Combine(Server.Scratch, "trivy-cache");

    /// <summary>The pages opened since the running test started (the tests of one class run one at a time).</summary>
    private readonly List<IPage> openedPages = [];

    /// <summary>Screenshots land here (env TEST_ARTIFACTS_DIR, else .test-artifacts/web in the repository).</summary>
    public static string ArtifactsDir =>
        Path.Combine(Environment.GetEnvironmentVariable("TEST_ARTIFACTS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepoPaths.RepoRoot, ".test-artifacts"), "web");

    public async Task InitializeAsync()
    {
        var index = Path.Combine(AppContext.BaseDirectory, "wwwroot", "index.html");
        if (!File.Exists(index))
            throw new InvalidOperationException($"{index} is missing: the web page is not built. Run the tests with ./dev test, which builds web/ first.");
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } c ? c : "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"{chromium} is missing: run the tests with ./dev test, which installs Debian's chromium.");

        SignalRService = await FakeSignalRService.StartAsync();
        Server = SelfHostServer.With(new()
        {
            ["GIT_ALLOWED_SCHEMES"] = "https,http,ssh,file",
            [SignalRServiceOptions.ConnectionStringKey] = SignalRService.ConnectionString(),
        });
        await Server.InitializeAsync();
        await TrivyTestDb.WriteAsync(TrivyCacheDir);
        Directory.CreateDirectory(ArtifactsDir);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        HangingGit.Dispose();
        await Server.DisposeAsync();
        await SignalRService.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own session storage) on the app, 1280×800 unless told.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        lock (openedPages) openedPages.Add(page);
        return page;
    }

    /// <summary>
    /// Runs a test's body; when it throws, every page the test opened that is still open saves
    /// `{test}-failed.png` (`-failed-2.png`, … for further pages) first, then the failure goes on unchanged.
    /// </summary>
    public async Task ScreenshotOnFailureAsync(Func<Task> test, [CallerMemberName] string testName = "")
    {
        lock (openedPages) openedPages.Clear();
        try
        {
            await test();
        }
        catch
        {
            IPage[] open;
            lock (openedPages) open = openedPages.Where(p => !p.IsClosed).ToArray();
            for (var i = 0; i < open.Length; i++)
            {
                try
                {
                    await ScreenshotAsync(open[i], testName + "-failed" + (i == 0 ? "" : $"-{i + 1}"));
                }
                catch (PlaywrightException)
                {
                    // A page that cannot be photographed must not hide the test's own failure.
                }
            }
            throw;
        }
    }

    /// <summary>Nothing sticks out sideways: the document is no wider than the window (wide tables scroll inside their frame).</summary>
    public static async Task AssertFitsTheWindowAsync(IPage page, string where)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{where}: the page is {widths[0]} px wide in a {widths[1]} px window");
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDir, name + ".png"), FullPage = false });

    /// <summary>A developer on a new team, with a project whose git_url is `gitUrl` (null: none, for uploads and container scans).</summary>
    public async Task<(string Key, string ProjectId, string ProjectName)> NewProjectAsync(string? gitUrl, string namePrefix)
    {
        var dev = await Server.NewMemberAsync("developer");
        var name = $"{namePrefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var response = await Server.Client(dev.Key).PostAsJsonAsync("/v1/projects", new { name, git_url = gitUrl });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (dev.Key, body.GetProperty("id").GetString()!, name);
    }

    /// <summary>A real local git repository holding samples/demo-app (minimist 1.2.5, CVE-2021-44906).</summary>
    public async Task<string> DemoRepoAsync()
    {
        var path = Path.Combine(Server.Scratch, "repos", Guid.NewGuid().ToString("N"));
        await new GitRepoBuilder(path).WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app")).BuildAsync();
        return "file://" + path;
    }

    /// <summary>Triggers a scan over the API (bypassing the page) and returns its id.</summary>
    public async Task<string> TriggerAsync(string key, string projectId)
    {
        var response = await Server.Client(key).PostAsync($"/v1/projects/{projectId}/scans", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    public async Task<string> ScanStatusAsync(string key, string scanId) =>
        (await Server.Client(key).GetFromJsonAsync<JsonElement>($"/v1/scans/{scanId}")).GetProperty("status").GetString()!;
}

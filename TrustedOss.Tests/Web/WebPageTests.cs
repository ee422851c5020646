using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Teams;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace TrustedOss.Tests.Web;

/// <summary>
/// The web page in Debian's chromium against the real self-host: real scans (git, cdxgen, the built-in
/// license detector, trivy on the test DB) watched through the live hub. Screenshots go to
/// .test-artifacts/web (BrowserFixture.ArtifactsDir), and a failing test saves `{test}-failed.png` there too.
/// </summary>
public sealed class WebPageTests(BrowserFixture web) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Stages = ["bootstrap", "fetch", "prep", "cdxgen", "scancode", "dt_upload", "dt_findings", "finalize"];
    private const string InProgressHint = "A scan is already queued or running. Click the in-progress chip to open it.";

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects" })).ToBeVisibleAsync();
    }

    private static ILocator Drawer(IPage page) => page.GetByRole(AriaRole.Dialog, new() { Name = "Scan progress" });

    [Fact]
    public async Task The_app_serves_the_page_at_its_own_routes_and_never_shadows_the_api()
    {
        var client = web.Server.Client();
        foreach (var route in new[] { "/", "/projects", "/projects/0198a0b0-0000-7000-8000-000000000000?tab=licenses", "/scans?status=all" })
        {
            var page = await client.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<div id=\"root\"></div>", await page.Content.ReadAsStringAsync());
            Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        }
        var html = await client.GetStringAsync("/");
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        var bundle = await client.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", bundle.Headers.CacheControl?.ToString());

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/assets/missing.js"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/assets/..%2F..%2FTrustedOss.Functions.dll"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/v1/nothing-here"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/admin/host/status"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/runtime/webhooks/durabletask"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/v1/projects"), HttpStatusCode.Unauthorized);
        Assert.Equal("application/json", (await client.GetAsync("/health")).Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/json", (await client.GetAsync("/openapi.json")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public Task A_verbose_source_scan_started_from_the_projects_row_streams_every_stage_to_succeeded_and_fills_the_project_tabs() => web.ScreenshotOnFailureAsync(async () =>
    {
        var (key, projectId, name) = await web.NewProjectAsync(await web.DemoRepoAsync(), "demo");
        // The narrowest width the page supports: every view below must fit it.
        var page = await web.NewPageAsync(1024, 768);
        var hubLogFrames = 0;
        page.WebSocket += (_, ws) => ws.FrameReceived += (_, frame) =>
        {
            if (frame.Text?.Contains("\"target\":\"log\"") == true) Interlocked.Increment(ref hubLogFrames);
        };
        await SignInAsync(page, key);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("Not scanned");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Scan {name}" });
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Source" })).ToBeCheckedAsync();
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Git URL" })).ToBeCheckedAsync();
        var verbose = dialog.GetByRole(AriaRole.Switch, new() { Name = "Verbose logs (debug)" });
        await Expect(verbose).Not.ToBeCheckedAsync();
        await verbose.CheckAsync();
        await BrowserFixture.ScreenshotAsync(page, "01-scan-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start scan" }).ClickAsync();

        var drawer = Drawer(page);
        await Expect(drawer).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"[?&]scan=[0-9a-f-]{36}"));
        var scanId = new Uri(page.Url).Query.Split("scan=")[1][..36];
        // While the scan is active the row's Scan button is disabled, and its tooltip points at the chip.
        var scanButton = row.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" });
        await Expect(scanButton).ToBeDisabledAsync();
        await Expect(scanButton).ToHaveAccessibleDescriptionAsync(InProgressHint);
        await Expect(drawer.Locator("[data-stage]")).ToHaveCountAsync(Stages.Length);

        await Expect(drawer.Locator(".drawer-head .chip")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
        foreach (var stage in Stages)
            await Expect(drawer.Locator($"[data-stage='{stage}']")).ToHaveAttributeAsync("data-state", "succeeded");
        await Expect(drawer.Locator(".spinner")).ToHaveCountAsync(0);
        Assert.True(hubLogFrames > 0, "no log frame arrived over the hub's WebSocket");
        await drawer.Locator("[data-stage='cdxgen']").ClickAsync();
        await Expect(drawer.GetByRole(AriaRole.Log)).ToContainTextAsync("cdxgen");
        Assert.True(await drawer.Locator(".log-line").CountAsync() > 3, "the cdxgen stage shows almost no log lines");
        var scan = await web.Server.Client(key).GetFromJsonAsync<JsonElement>($"/v1/scans/{scanId}");
        Assert.Equal("verbose", scan.GetProperty("metadata").GetProperty("verbosity").GetString());
        await BrowserFixture.ScreenshotAsync(page, "02-drawer-succeeded");

        await drawer.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(drawer).ToBeHiddenAsync();
        var components = scan.GetProperty("counts").GetProperty("components").GetInt32();
        Assert.True(components > 0);
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Succeeded" })).ToBeVisibleAsync();
        await Expect(row.Locator("td[data-label='components']")).ToHaveTextAsync(components.ToString());
        await Expect(row.Locator("td[data-label='vulnerabilities']")).ToHaveTextAsync("1");
        await Expect(scanButton).ToBeEnabledAsync();
        await BrowserFixture.AssertFitsTheWindowAsync(page, "Projects");
        await BrowserFixture.ScreenshotAsync(page, "03-projects-after-scan");

        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("overview-components")).ToHaveTextAsync(components.ToString());
        await Expect(page.GetByTestId("overview-vulnerabilities")).ToHaveTextAsync("1");
        await Expect(page.Locator(".card").Filter(new() { HasText = "Last scan" })).ToContainTextAsync("just now");
        await BrowserFixture.ScreenshotAsync(page, "04-project-overview");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Components" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tabpanel)).ToContainTextAsync("pkg:npm/minimist@1.2.5");
        await BrowserFixture.AssertFitsTheWindowAsync(page, "Components tab");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Licenses" }).ClickAsync();
        var detected = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "detected" }).Filter(new() { HasText = "LICENSE" });
        await Expect(detected.First).ToContainTextAsync("MIT");
        await BrowserFixture.AssertFitsTheWindowAsync(page, "Licenses tab");
        await BrowserFixture.ScreenshotAsync(page, "05-project-licenses");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Vulnerabilities" }).ClickAsync();
        var finding = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CVE-2021-44906" });
        await Expect(finding).ToContainTextAsync("1.2.5 → 1.2.6");
        await Expect(finding).ToContainTextAsync("minimist");
        await Expect(finding).ToContainTextAsync("source scan");
        await Expect(page.GetByText("Vulnerability DB absent.")).ToHaveCountAsync(0);
        await BrowserFixture.AssertFitsTheWindowAsync(page, "Vulnerabilities tab");
        await BrowserFixture.ScreenshotAsync(page, "06-project-vulnerabilities");

        // Reopening the finished scan replays its terminal states from the database: no spinner.
        await page.Locator(".project-head").GetByRole(AriaRole.Button, new() { Name = "Succeeded" }).ClickAsync();
        await Expect(drawer).ToBeVisibleAsync();
        await Expect(drawer.Locator("[data-state='succeeded']")).ToHaveCountAsync(Stages.Length);
        await Expect(drawer.Locator(".spinner")).ToHaveCountAsync(0);
        await Expect(drawer.GetByRole(AriaRole.Log)).Not.ToContainTextAsync("No log lines");
        await Expect(drawer.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true })).ToBeInViewportAsync();
        await BrowserFixture.AssertFitsTheWindowAsync(page, "Drawer");
        await BrowserFixture.ScreenshotAsync(page, "07-drawer-replay");
    });

    [Fact]
    public Task A_folder_picked_in_the_dialog_is_zipped_by_the_browser_uploaded_and_fetched_as_the_source() => web.ScreenshotOnFailureAsync(async () =>
    {
        var (key, projectId, name) = await web.NewProjectAsync(web.HangingGit.RepoUrl("folder"), "folder");
        var page = await web.NewPageAsync();
        await SignInAsync(page, key);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Scan {name}" });
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Folder, zipped in your browser" }).CheckAsync();
        await dialog.GetByLabel("Source folder").SetInputFilesAsync(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app"));
        await Expect(dialog).ToContainTextAsync("5 files to zip");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start scan" }).ClickAsync();

        // The server unpacks the browser's zip (one top folder becomes the root) and finds both manifests.
        var drawer = Drawer(page);
        await Expect(drawer.Locator("[data-stage='prep']")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 60_000 });
        await Expect(drawer.Locator("[data-stage='prep']")).ToContainTextAsync("2 manifests");
        var scanId = new Uri(page.Url).Query.Split("scan=")[1][..36];
        var scan = await web.Server.Client(key).GetFromJsonAsync<JsonElement>($"/v1/scans/{scanId}");
        Assert.Equal($"{scanId}/source.zip", scan.GetProperty("metadata").GetProperty("upload").GetString());
        await BrowserFixture.ScreenshotAsync(page, "15-folder-upload");
        await web.Server.Client(key).PostAsync($"/v1/scans/{scanId}/cancel", null);
    });

    [Fact]
    public Task An_image_archive_uploaded_from_the_container_tab_is_scanned_to_succeeded_with_its_os_packages_and_the_finding_labelled_container() => web.ScreenshotOnFailureAsync(async () =>
    {
        // A project with no Git URL: a container scan needs none.
        var (key, projectId, name) = await web.NewProjectAsync(null, "image");
        var archive = await new ImageArchiveBuilder(Path.Combine(web.Server.Scratch, "images", Guid.NewGuid().ToString("N"))).BuildAsync(ImageArchiveKind.DockerSave);
        var page = await web.NewPageAsync();
        await SignInAsync(page, key);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("no Git URL");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Scan {name}" });
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Container" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Image archive" }).CheckAsync();
        await dialog.GetByLabel("Image archive", new() { Exact = true }).SetInputFilesAsync(archive);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start scan" }).ClickAsync();

        // Only the stages a container scan has, every one to succeeded; the fetch log names the archive's format.
        var drawer = Drawer(page);
        await Expect(drawer.Locator(".drawer-head .chip")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
        string[] containerStages = ["bootstrap", "fetch", "dt_upload", "dt_findings", "finalize"];
        await Expect(drawer.Locator("[data-stage]")).ToHaveCountAsync(containerStages.Length);
        foreach (var stage in containerStages)
            await Expect(drawer.Locator($"[data-stage='{stage}']")).ToHaveAttributeAsync("data-state", "succeeded");
        await drawer.Locator("[data-stage='fetch']").ClickAsync();
        await Expect(drawer.GetByRole(AriaRole.Log)).ToContainTextAsync("is a docker-save archive");
        var scanId = new Uri(page.Url).Query.Split("scan=")[1][..36];
        var scan = await web.Server.Client(key).GetFromJsonAsync<JsonElement>($"/v1/scans/{scanId}");
        Assert.Equal("container", scan.GetProperty("kind").GetString());
        await BrowserFixture.ScreenshotAsync(page, "18-container-archive-succeeded");

        await drawer.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Components" }).ClickAsync();
        var components = page.GetByRole(AriaRole.Tabpanel);
        foreach (var package in ImageArchiveBuilder.DebPackages)
            await Expect(components).ToContainTextAsync($"pkg:deb/debian/{package}@");
        await Expect(components).ToContainTextAsync("pkg:npm/minimist@1.2.5");
        await BrowserFixture.ScreenshotAsync(page, "19-container-components");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Vulnerabilities" }).ClickAsync();
        var finding = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CVE-2021-44906" });
        await Expect(finding).ToContainTextAsync("minimist");
        await Expect(finding).ToContainTextAsync("1.2.5 → 1.2.6");
        await Expect(finding).ToContainTextAsync("container scan");
        await Expect(page.GetByText("Vulnerability DB absent.")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "20-container-vulnerabilities");
    });

    [Fact]
    public Task A_zip_uploaded_from_the_source_tab_scans_on_after_its_browser_tab_closes_and_without_the_trivy_db_shows_the_db_absent_banner() => web.ScreenshotOnFailureAsync(async () =>
    {
        var (key, projectId, name) = await web.NewProjectAsync(null, "zip");
        var zip = Path.Combine(web.Server.Scratch, $"demo-app-{Guid.NewGuid():N}.zip");
        ZipFile.CreateFromDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app"), zip);
        var client = web.Server.Client(key);
        // A fresh install: the trivy DB is not there yet (the tests of this class run one at a time).
        var db = Path.Combine(web.TrivyCacheDir, "db");
        var aside = db + "-aside";
        Directory.Move(db, aside);
        try
        {
            var page = await web.NewPageAsync();
            await SignInAsync(page, key);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Scan {name}" });
            await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Git URL" })).ToBeDisabledAsync();
            await dialog.GetByRole(AriaRole.Radio, new() { Name = "Upload a .zip" }).CheckAsync();
            await dialog.GetByLabel("Source .zip file").SetInputFilesAsync(zip);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Start scan" }).ClickAsync();

            // The tab closes as soon as a stage runs (cdxgen alone takes seconds after that): the scan goes on without it.
            var drawer = Drawer(page);
            await Expect(drawer.Locator("[data-stage] .spinner").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
            var scanId = new Uri(page.Url).Query.Split("scan=")[1][..36];
            await BrowserFixture.ScreenshotAsync(page, "21-zip-upload-running");
            await page.CloseAsync();
            Assert.Equal("running", await web.ScanStatusAsync(key, scanId));
            var scan = await SelfHostApi.WaitForTerminalAsync(client, scanId, TimeSpan.FromMinutes(3));
            Assert.True(scan.GetProperty("status").GetString() == "succeeded", scan.ToString());
            Assert.Equal($"{scanId}/source.zip", scan.GetProperty("metadata").GetProperty("upload").GetString());
            Assert.Equal("absent", scan.GetProperty("vulnerability_db").GetString());
            Assert.True(scan.GetProperty("counts").GetProperty("components").GetInt32() > 0, scan.ToString());

            // A new tab: the project's Vulnerabilities tab carries the spec's banner, and /scans lists the scan as succeeded.
            page = await web.NewPageAsync();
            await SignInAsync(page, key);
            await page.GotoAsync($"/projects/{projectId}?tab=vulnerabilities");
            var banner = page.GetByRole(AriaRole.Note).Filter(new() { HasText = "Vulnerability DB absent." });
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToContainTextAsync("the automatic re-match picks up the findings");
            await Expect(page.GetByText("No vulnerabilities.")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "22-vulnerability-db-absent");

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Scans" }).ClickAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Succeeded" }).ClickAsync();
            var queued = page.Locator($"tr[data-scan='{scanId}']");
            await Expect(queued.GetByRole(AriaRole.Link, new() { Name = name })).ToHaveAttributeAsync("href", $"/projects/{projectId}");
            await Expect(queued.GetByRole(AriaRole.Button, new() { Name = "Succeeded" })).ToBeVisibleAsync();
            await Expect(queued.GetByRole(AriaRole.Button, new() { Name = "Cancel scan" })).ToHaveCountAsync(0);
            await BrowserFixture.ScreenshotAsync(page, "23-queue-succeeded");
        }
        finally
        {
            Directory.Move(aside, db);
        }
    });

    [Fact]
    public Task A_running_scan_is_cancelled_from_the_scans_queue_through_the_inline_confirmation() => web.ScreenshotOnFailureAsync(async () =>
    {
        var (key, projectId, name) = await web.NewProjectAsync(web.HangingGit.RepoUrl("queue"), "queue");
        var scanId = await web.TriggerAsync(key, projectId);
        var page = await web.NewPageAsync();
        await SignInAsync(page, key);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Scans" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Running" })).ToHaveAttributeAsync("aria-selected", "true");
        var row = page.Locator($"tr[data-scan='{scanId}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = name })).ToHaveAttributeAsync("href", $"/projects/{projectId}");
        await Expect(row).ToContainTextAsync("Fetching source");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Queued" }).ClickAsync();
        await Expect(page.GetByText("No queued scans.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Running" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "08-queue-running");

        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel scan" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Keep running" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Keep running" })).ToHaveCountAsync(0);
        Assert.Equal("running", await web.ScanStatusAsync(key, scanId));

        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel scan" }).ClickAsync();
        await row.GetByRole(AriaRole.Group, new() { Name = "Confirm cancelling the scan" }).GetByRole(AriaRole.Button, new() { Name = "Cancel scan" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        Assert.Equal("cancelled", await web.ScanStatusAsync(key, scanId));

        await page.GetByRole(AriaRole.Tab, new() { Name = "All" }).ClickAsync();
        await Expect(page.Locator($"tr[data-scan='{scanId}']").GetByRole(AriaRole.Button, new() { Name = "Cancelled" })).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-scan='{scanId}']")).ToContainTextAsync("cancelled by user");
        await BrowserFixture.ScreenshotAsync(page, "09-queue-cancelled");
    });

    [Fact]
    public Task Starting_a_scan_while_one_is_active_opens_that_scan_which_is_then_cancelled_from_the_drawer() => web.ScreenshotOnFailureAsync(async () =>
    {
        var (key, projectId, name) = await web.NewProjectAsync(web.HangingGit.RepoUrl("busy"), "busy");
        var page = await web.NewPageAsync();
        await SignInAsync(page, key);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await row.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Scan {name}" });
        await Expect(dialog).ToBeVisibleAsync();

        // Someone else (CI, another tab) starts a scan while the dialog is open: Start scan gets 409.
        var scanId = await web.TriggerAsync(key, projectId);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start scan" }).ClickAsync();
        var drawer = Drawer(page);
        await Expect(drawer).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"scan={scanId}"));
        await Expect(drawer.GetByRole(AriaRole.Status).Filter(new() { HasText = "already has a scan in progress" })).ToBeVisibleAsync();
        await Expect(drawer.Locator("[data-stage='fetch'] .spinner")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(page, "10-conflict-opens-active-scan");

        await drawer.GetByRole(AriaRole.Button, new() { Name = "Close the progress drawer" }).ClickAsync();
        var scanButton = row.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" });
        await Expect(scanButton).ToBeDisabledAsync();
        await row.Locator(".hint").HoverAsync();
        await Expect(row.GetByRole(AriaRole.Tooltip)).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Tooltip)).ToHaveTextAsync(InProgressHint);
        await BrowserFixture.ScreenshotAsync(page, "11-scan-button-tooltip");

        await row.GetByRole(AriaRole.Button, new() { Name = "Running" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"scan={scanId}"));
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Cancel scan" }).ClickAsync();
        await Expect(drawer.GetByRole(AriaRole.Button, new() { Name = "Keep running" })).ToBeVisibleAsync();
        await drawer.GetByRole(AriaRole.Group).GetByRole(AriaRole.Button, new() { Name = "Cancel scan" }).ClickAsync();
        await Expect(drawer.Locator(".drawer-head .chip")).ToHaveTextAsync("Cancelled");
        await Expect(drawer.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true })).ToBeVisibleAsync();
        await Expect(drawer.GetByRole(AriaRole.Button, new() { Name = "Cancel scan" })).ToHaveCountAsync(0);
        await Expect(drawer.Locator(".spinner")).ToHaveCountAsync(0);
        await Expect(drawer.Locator("[data-stage='fetch']")).ToHaveAttributeAsync("data-state", "skipped", new() { Timeout = 10_000 });
        Assert.Equal("cancelled", await web.ScanStatusAsync(key, scanId));
        await BrowserFixture.ScreenshotAsync(page, "12-drawer-cancelled");
    });

    [Fact]
    public Task Where_the_host_has_no_hub_the_drawer_goes_live_through_Azure_SignalR_Service() => web.ScreenshotOnFailureAsync(async () =>
    {
        var (key, projectId, name) = await web.NewProjectAsync(web.HangingGit.RepoUrl("service"), "service");
        var scanId = await web.TriggerAsync(key, projectId);
        var page = await web.NewPageAsync();
        // The Functions host has no /hubs/scans (its catch-all answers 404): the page must find /v1/scans/negotiate.
        await page.RouteAsync("**/hubs/scans/**", route => route.FulfillAsync(new() { Status = 404, ContentType = "application/problem+json", Body = """{"title":"Not found","status":404}""" }));
        var service = web.SignalRService.Endpoint.Authority;
        var serviceFrames = 0;
        page.WebSocket += (_, ws) =>
        {
            if (!ws.Url.StartsWith($"ws://{service}/client/", StringComparison.Ordinal)) return;
            ws.FrameReceived += (_, frame) =>
            {
                if (frame.Text?.Contains("\"target\":\"stage\"") == true) Interlocked.Increment(ref serviceFrames);
            };
        };
        var subscribed = page.WaitForResponseAsync(r => r.Url.EndsWith($"/v1/scans/{scanId}/subscribe", StringComparison.Ordinal));
        await SignInAsync(page, key);
        await page.GotoAsync($"/projects?scan={scanId}");

        var drawer = Drawer(page);
        Assert.Equal(200, (await subscribed).Status);
        await Expect(drawer.Locator(".drawer-progress-text")).ToContainTextAsync("Live ·");
        await Expect(drawer.Locator("[data-stage='fetch'] .spinner")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        for (var i = 0; i < 100 && Volatile.Read(ref serviceFrames) == 0; i++) await Task.Delay(100);
        Assert.True(serviceFrames > 0, "no stage frame arrived over the service's WebSocket");
        await BrowserFixture.ScreenshotAsync(page, "16-drawer-live-through-service");

        // Only frames move a live drawer: the cancel reaches it through the service's REST publisher.
        await web.Server.Client(key).PostAsync($"/v1/scans/{scanId}/cancel", null);
        await Expect(drawer.Locator(".drawer-head .chip")).ToHaveTextAsync("Cancelled");
        await Expect(drawer.Locator(".spinner")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Sign_in_shows_problems_each_team_sees_only_its_projects_and_sign_out_clears_session_storage() => web.ScreenshotOnFailureAsync(async () =>
    {
        var (key, projectId, name) = await web.NewProjectAsync(await web.DemoRepoAsync(), "teamed");
        var stranger = await web.Server.NewMemberAsync("developer");
        var page = await web.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync("tos_not_a_real_key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Missing or invalid API key");
        await Expect(alert).ToContainTextAsync("Authorization: Bearer");
        await BrowserFixture.ScreenshotAsync(page, "13-sign-in-problem");

        await SignInAsync(page, stranger.Key);
        await Expect(page.GetByText("No projects yet.")).ToBeVisibleAsync();
        await Expect(page.GetByText(name)).ToHaveCountAsync(0);
        await page.GotoAsync($"/projects/{projectId}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Project not found");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("belongs to a team you are not a member of");
        Assert.Equal(stranger.Key, await page.EvaluateAsync<string>("() => sessionStorage.getItem('trustedoss.apiKey')"));
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Team" })).ToHaveCountAsync(0);

        // Made a viewer on the project's team too, the same key gets the team switcher (all teams, or one).
        var project = await web.Server.Client(key).GetFromJsonAsync<JsonElement>($"/v1/projects/{projectId}");
        await web.Server.Admin.SetMembershipAsync(Caller.System, Guid.Parse(project.GetProperty("team_id").GetString()!), stranger.UserId, new SetMembershipRequest("viewer"), default);
        await page.GotoAsync("/projects");
        var teams = page.GetByRole(AriaRole.Combobox, new() { Name = "Team" });
        await Expect(teams.Locator("option")).ToHaveCountAsync(3);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" })).ToBeDisabledAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" })).ToHaveAccessibleDescriptionAsync("Starting a scan needs developer access on this project's team.");
        await BrowserFixture.ScreenshotAsync(page, "17-team-switcher");
        await teams.SelectOptionAsync(stranger.TeamId.ToString());
        await Expect(page.GetByText("No projects in this team.")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length"));
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        // By keyboard only: the Container choice checks the image reference as the API does, before anything is sent.
        await SignInAsync(page, key);
        var scanButton = page.GetByRole(AriaRole.Button, new() { Name = $"Scan {name}" });
        await scanButton.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Scan {name}" });
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Source" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Container" })).ToBeCheckedAsync();
        var imageRef = dialog.GetByRole(AriaRole.Textbox, new() { Name = "Image reference" });
        await imageRef.FocusAsync();
        await page.Keyboard.TypeAsync("Alpine:3.19");
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog.Locator(".field-error")).ToContainTextAsync("is not a container image reference");
        await Expect(imageRef).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(imageRef).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("is not a container image reference"));
        await Expect(imageRef).ToBeFocusedAsync();
        await imageRef.FillAsync("alpine:3.19");
        await Expect(dialog.Locator(".field-error")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "14-container-dialog");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(scanButton).ToBeFocusedAsync();
        var scans = await web.Server.Client(key).GetFromJsonAsync<JsonElement>($"/v1/projects/{projectId}/scans");
        Assert.Equal(0, scans.GetProperty("items").GetArrayLength());
    });
}

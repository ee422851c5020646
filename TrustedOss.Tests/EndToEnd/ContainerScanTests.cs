using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.EndToEnd;

/// <summary>A small upload limit, a short pull timeout, planted registry credentials and the re-match job every 2 s.</summary>
public sealed class ContainerScanFixture : SelfHostProcessFixture
{
    public const long UploadLimit = 2 * 1024 * 1024;
    public static readonly string PlantedPassword = "planted-" + Guid.NewGuid().ToString("N");

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["UPLOAD_MAX_BYTES"] = UploadLimit.ToString(),
        [RegistryOptions.PullTimeoutKey] = "10", // long enough to cancel a hanging pull, short enough to wait out
        ["REGISTRY_USERNAME"] = "robot",
        ["REGISTRY_PASSWORD"] = PlantedPassword,
        ["REGISTRY_INSECURE_HOSTS"] = "127.0.0.1", // the tests' registries speak plain HTTP on loopback
        [MaintenanceOptions.RematchScheduleKey] = "*/2 * * * * *",
    };
}

/// <summary>
/// Spec "Scan a container image" against the self-host process: real image archives built offline (umoci + skopeo
/// over this machine's Debian files), trivy listing their packages, the test trivy DB matching them, skopeo pulling.
/// </summary>
public sealed class ContainerScanTests(ContainerScanFixture app, ITestOutputHelper output) : IClassFixture<ContainerScanFixture>, IDisposable
{
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(3);

    public void Dispose() => app.WriteOutputTo(output);

    private async Task<(HttpClient Client, string ProjectId)> NewProjectAsync()
    {
        var client = app.Api.Client((await app.Api.NewMemberAsync("developer")).Key);
        return (client, await SelfHostApi.CreateProjectWithoutSourceAsync(client));
    }

    private Task<string> BuildImageAsync(ImageArchiveKind kind) =>
        new ImageArchiveBuilder(Path.Combine(app.Scratch, "images", Guid.NewGuid().ToString("N"))).BuildAsync(kind);

    private static async Task<string> AcceptedScanIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var scan = JsonDocument.Parse(body).RootElement;
        Assert.Equal("container", scan.GetProperty("kind").GetString());
        return scan.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement[]> ItemsAsync(HttpClient client, string url) =>
        (await SelfHostApi.GetAsync(client, url)).GetProperty("items").EnumerateArray().ToArray();

    [Fact]
    public async Task Uploaded_images_list_their_os_and_npm_packages_and_the_planted_cve_is_found_with_the_db_and_by_the_rematch_without()
    {
        // 1. No DB yet: an OCI archive succeeds with its packages, 0 findings and the banner state.
        var (client, projectId) = await NewProjectAsync();
        var scanId = await AcceptedScanIdAsync(await SelfHostApi.UploadScanAsync(client, projectId, await BuildImageAsync(ImageArchiveKind.Oci), "app-oci.tar", "container"));
        var scan = await SelfHostApi.WaitForTerminalAsync(client, scanId, ScanTimeout);

        Assert.True(scan.GetProperty("status").GetString() == "succeeded", scan.ToString());
        Assert.Equal("absent", scan.GetProperty("vulnerability_db").GetString());
        var stages = await ItemsAsync(client, $"/v1/scans/{scanId}/stages");
        Assert.Equal(["bootstrap", "fetch", "dt_upload", "dt_findings", "finalize"], stages.Select(s => s.GetProperty("stage").GetString()));
        Assert.All(stages, s => Assert.Equal("succeeded", s.GetProperty("state").GetString()));
        var components = await ItemsAsync(client, $"/v1/projects/{projectId}/components");
        foreach (var (package, version) in ImageArchiveBuilder.DebVersions)
            Assert.Contains(components, c => c.GetProperty("name").GetString() == package && c.GetProperty("purl").GetString()!.StartsWith($"pkg:deb/debian/{package}@", StringComparison.Ordinal)
                && version.EndsWith(c.GetProperty("version").GetString()!, StringComparison.Ordinal));
        var minimist = Assert.Single(components, c => c.GetProperty("purl").GetString() == "pkg:npm/minimist@1.2.5");
        Assert.Equal("MIT", minimist.GetProperty("declared_license").GetString());
        Assert.Equal("Zlib", components.Single(c => c.GetProperty("name").GetString() == "zlib1g").GetProperty("declared_license").GetString());
        Assert.Equal(scan.GetProperty("counts").GetProperty("components").GetInt32(), components.Length);
        Assert.Empty(await ItemsAsync(client, $"/v1/projects/{projectId}/vulnerabilities"));
        Assert.False(Directory.Exists(Path.Combine(app.WorkspaceRoot, scanId)), "the workspace was not reclaimed");

        // 2. The DB lands: the re-match job fills the container scan's findings in from its stored SBOM.
        await TrivyTestDb.WriteAsync(app.TrivyCacheDir);
        await ScanWaits.UntilAsync(async () => (await SelfHostApi.GetAsync(client, $"/v1/scans/{scanId}")).GetProperty("vulnerability_db").GetString() == "present",
            "the re-match job did not pick up the container scan");
        var rematched = Assert.Single(await ItemsAsync(client, $"/v1/projects/{projectId}/vulnerabilities"));
        Assert.Equal("CVE-2021-44906", rematched.GetProperty("id").GetString());
        Assert.Equal("container", rematched.GetProperty("scan_kind").GetString());

        // 3. With the DB: a docker-save archive's scan finds the CVE itself.
        var (other, otherProject) = await NewProjectAsync();
        var withDb = await AcceptedScanIdAsync(await SelfHostApi.UploadScanAsync(other, otherProject, await BuildImageAsync(ImageArchiveKind.DockerSave), "app.tar", "container",
            new Dictionary<string, string> { ["verbosity"] = "verbose" }));
        var done = await SelfHostApi.WaitForTerminalAsync(other, withDb, ScanTimeout);
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal("present", done.GetProperty("vulnerability_db").GetString());
        var finding = Assert.Single(await ItemsAsync(other, $"/v1/projects/{otherProject}/vulnerabilities"));
        Assert.Equal(("CVE-2021-44906", "CRITICAL", "minimist", "1.2.6", "container"), (finding.GetProperty("id").GetString(), finding.GetProperty("severity").GetString(),
            finding.GetProperty("package_name").GetString(), finding.GetProperty("fixed_version").GetString(), finding.GetProperty("scan_kind").GetString()));
        var logs = (await ItemsAsync(other, $"/v1/scans/{withDb}/logs?stage=fetch")).Select(l => l.GetProperty("line").GetString()).ToArray();
        Assert.Contains(logs, l => l!.Contains("is a docker-save archive"));
    }

    [Fact]
    public async Task An_image_reference_is_pulled_from_the_registry_with_the_configured_credentials_and_its_packages_listed()
    {
        var layout = await new ImageArchiveBuilder(Path.Combine(app.Scratch, "images", Guid.NewGuid().ToString("N"))).BuildLayoutAsync();
        await using var registry = new OciLayoutRegistry(layout, "robot", ContainerScanFixture.PlantedPassword);
        await registry.StartAsync();
        var (client, projectId) = await NewProjectAsync();
        var imageRef = $"{registry.Host}/team/app:app";

        var scanId = await AcceptedScanIdAsync(await client.PostAsync($"/v1/projects/{projectId}/scans",
            Json(JsonSerializer.Serialize(new { kind = "container", metadata = new { image_ref = imageRef } }))));
        var scan = await SelfHostApi.WaitForTerminalAsync(client, scanId, ScanTimeout);

        Assert.True(scan.GetProperty("status").GetString() == "succeeded", scan.ToString());
        Assert.Equal(imageRef, scan.GetProperty("metadata").GetProperty("image_ref").GetString());
        Assert.Contains("/v2/team/app/manifests/app", registry.Served);
        Assert.Contains(registry.Served, p => p.StartsWith("/v2/team/app/blobs/sha256:", StringComparison.Ordinal));
        var components = await ItemsAsync(client, $"/v1/projects/{projectId}/components");
        Assert.Contains(components, c => c.GetProperty("purl").GetString()!.StartsWith("pkg:deb/debian/libc6@", StringComparison.Ordinal));
        Assert.Contains(components, c => c.GetProperty("purl").GetString() == "pkg:npm/minimist@1.2.5");
        var fetch = (await ScanWaits.StagesAsync(client, scanId))["fetch"];
        Assert.Equal($"image {imageRef} pulled", fetch.GetProperty("detail").GetString());
        await using var c = await app.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM scan_logs WHERE scan_id = @id::uuid AND line LIKE @p",
            new { id = scanId, p = "%" + ContainerScanFixture.PlantedPassword + "%" }));
    }

    [Fact]
    public async Task Bad_image_references_and_uploads_are_refused_with_their_field_and_leave_nothing_behind()
    {
        var (client, projectId) = await NewProjectAsync();
        var workspacesBefore = WorkspaceEntries();
        foreach (var imageRef in new[] { "alpine :3.19", "alpine:3.19 ; rm -rf /", "Alpine:3.19", "MyOrg/app:1", "--flag", "-oops:1", "a/" + new string('b', 2046) })
        {
            var problem = await ProblemAssert.IsProblemAsync(
                await client.PostAsync($"/v1/projects/{projectId}/scans", Json(JsonSerializer.Serialize(new { kind = "container", metadata = new { image_ref = imageRef } }))),
                HttpStatusCode.UnprocessableEntity, "metadata.image_ref");
            Assert.StartsWith("'metadata.image_ref' is not a container image reference (", problem.GetProperty("detail").GetString());
        }
        Assert.Contains("the limit is 512", (await ProblemAssert.IsProblemAsync(await client.PostAsync($"/v1/projects/{projectId}/scans",
            Json(JsonSerializer.Serialize(new { kind = "container", metadata = new { image_ref = "a/" + new string('b', 2046) } }))), HttpStatusCode.UnprocessableEntity, "metadata.image_ref")).GetProperty("detail").GetString());

        var notAnArchive = Path.Combine(app.Scratch, "notes.tar");
        await File.WriteAllTextAsync(notAnArchive, "these are not the bytes of a tar archive\n");
        var text = await ProblemAssert.IsProblemAsync(await SelfHostApi.UploadScanAsync(client, projectId, notAnArchive, "image.tar", "container"), HttpStatusCode.UnprocessableEntity, "file");
        Assert.Contains("not an image archive", text.GetProperty("detail").GetString());

        var plainTar = Path.Combine(app.Scratch, "plain.tar");
        await using (var tar = File.Create(plainTar))
        await using (var writer = new System.Formats.Tar.TarWriter(tar))
            await writer.WriteEntryAsync(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "README") { DataStream = new MemoryStream("hi"u8.ToArray()) });
        var noManifest = await ProblemAssert.IsProblemAsync(await SelfHostApi.UploadScanAsync(client, projectId, plainTar, "image.tar", "container"), HttpStatusCode.UnprocessableEntity, "file");
        Assert.Contains("neither a manifest.json", noManifest.GetProperty("detail").GetString());

        await ProblemAssert.IsProblemAsync(await SelfHostApi.UploadScanAsync(client, projectId, plainTar, "image.zip", "container"), HttpStatusCode.UnprocessableEntity, "file");

        // Registry credentials come from settings only: a request carrying them is refused naming the field, never echoing the value.
        const string offered = "offered-secret-in-request";
        foreach (var (json, field) in new[]
        {
            ($$$"""{"kind":"container","metadata":{"image_ref":"alpine:3.19","registry_password":"{{{offered}}}"}}""", "metadata.registry_password"),
            ("""{"kind":"container","metadata":{"image_ref":"alpine:3.19","registry_username":"robot"}}""", "metadata.registry_username"),
            ($$$"""{"kind":"container","metadata":{"image_ref":"alpine:3.19"},"registry_password":"{{{offered}}}"}""", "registry_password"),
        })
        {
            var refused = await ProblemAssert.IsProblemAsync(await client.PostAsync($"/v1/projects/{projectId}/scans", Json(json)), HttpStatusCode.UnprocessableEntity, field);
            Assert.Equal($"Unknown field '{field}'.", refused.GetProperty("detail").GetString());
            Assert.DoesNotContain(offered, refused.ToString());
        }
        var image = await BuildImageAsync(ImageArchiveKind.DockerSave); // a valid archive: without the field, this upload would be scanned
        foreach (var field in new[] { "registry_username", "registry_password" })
        {
            var refused = await ProblemAssert.IsProblemAsync(await SelfHostApi.UploadScanAsync(client, projectId, image, "image.tar", "container",
                new Dictionary<string, string> { [field] = offered }), HttpStatusCode.UnprocessableEntity, field);
            Assert.Equal($"Unknown form field '{field}'.", refused.GetProperty("detail").GetString());
            Assert.DoesNotContain(offered, refused.ToString());
        }

        var huge = Path.Combine(app.Scratch, "huge.tar");
        await using (var file = File.Create(huge)) file.SetLength(ContainerScanFixture.UploadLimit + 1024 * 1024);
        var tooLarge = await ProblemAssert.IsProblemAsync(await SelfHostApi.UploadScanAsync(client, projectId, huge, "image.tar", "container"), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("UPLOAD_MAX_BYTES", tooLarge.GetProperty("detail").GetString());
        // One byte over: the Content-Length check leaves room for the multipart framing, so the form reader's limit decides.
        await using (var file = File.Open(huge, FileMode.Truncate)) file.SetLength(ContainerScanFixture.UploadLimit + 1);
        var justOver = await ProblemAssert.IsProblemAsync(await SelfHostApi.UploadScanAsync(client, projectId, huge, "image.tar", "container"), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("UPLOAD_MAX_BYTES", justOver.GetProperty("detail").GetString());

        await using var c = await app.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM scans WHERE project_id = @id::uuid", new { id = projectId }));
        Assert.Equal(workspacesBefore, WorkspaceEntries());
    }

    [Fact]
    public async Task An_unpullable_reference_fails_at_fetch_with_the_registry_error_in_one_line_and_never_hangs_or_shows_the_credentials()
    {
        using var hanging = new HangingHttpServer();
        var hangingPort = new Uri(hanging.RepoUrl("x")).Port;
        foreach (var (imageRef, expected) in new[]
        {
            ("127.0.0.1:1/team/app:1", "connect: connection refused"),
            ($"127.0.0.1:{hangingPort}/team/app:1", "IMAGE_PULL_TIMEOUT_SECONDS"),
        })
        {
            var (client, projectId) = await NewProjectAsync();
            var started = DateTime.UtcNow;
            var scanId = await AcceptedScanIdAsync(await client.PostAsync($"/v1/projects/{projectId}/scans",
                Json(JsonSerializer.Serialize(new { kind = "container", metadata = new { image_ref = imageRef } }))));
            var scan = await SelfHostApi.WaitForTerminalAsync(client, scanId, TimeSpan.FromSeconds(90));

            Assert.Equal("failed", scan.GetProperty("status").GetString());
            var detail = scan.GetProperty("error_detail").GetString()!;
            Assert.StartsWith($"Pulling {imageRef} from 127.0.0.1:", detail);
            Assert.Contains(expected, detail);
            Assert.DoesNotContain("\n", detail);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), $"the failed pull took {(DateTime.UtcNow - started).TotalSeconds:0} s");
            var stages = await ScanWaits.StagesAsync(client, scanId);
            Assert.Equal("failed", stages["fetch"].GetProperty("state").GetString());
            Assert.All(new[] { "dt_upload", "dt_findings", "finalize" }, s => Assert.Equal("skipped", stages[s].GetProperty("state").GetString()));
            var logs = (await ItemsAsync(client, $"/v1/scans/{scanId}/logs?stage=fetch")).Select(l => l.GetProperty("line").GetString()!).ToArray();
            Assert.Contains(logs, l => l.Contains("with the configured registry credentials"));
            await ScanWaits.UntilAsync(() => Task.FromResult(!Directory.Exists(Path.Combine(app.WorkspaceRoot, scanId))), "the failed scan's workspace is still there");
        }

        await using var c = await app.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM scan_logs WHERE line LIKE @p", new { p = "%" + ContainerScanFixture.PlantedPassword + "%" }));
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM scans WHERE error_message LIKE @p OR metadata::text LIKE @p", new { p = "%" + ContainerScanFixture.PlantedPassword + "%" }));
    }

    [Fact]
    public async Task Cancelling_a_scan_whose_pull_hangs_kills_skopeo_within_10_s_and_reclaims_the_workspace()
    {
        using var hanging = new HangingHttpServer();
        var (client, projectId) = await NewProjectAsync();
        var scanId = await AcceptedScanIdAsync(await client.PostAsync($"/v1/projects/{projectId}/scans",
            Json(JsonSerializer.Serialize(new { kind = "container", metadata = new { image_ref = $"127.0.0.1:{new Uri(hanging.RepoUrl("x")).Port}/team/app:1" } }))));
        await ScanWaits.WaitForToolAsync(client, scanId, "fetch", app.WorkspaceRoot);

        var cancel = await client.PostAsync($"/v1/scans/{scanId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(ScanWaits.ToolMarker(app.WorkspaceRoot, scanId), TimeSpan.FromSeconds(10)));
        var stages = await ScanWaits.WaitForStageAsync(client, scanId, "fetch", "skipped");
        Assert.Equal("cancelled by user", stages["fetch"].GetProperty("detail").GetString());
        Assert.Equal("cancelled", (await SelfHostApi.GetAsync(client, $"/v1/scans/{scanId}")).GetProperty("status").GetString());
        await ScanWaits.UntilAsync(() => Task.FromResult(!Directory.Exists(Path.Combine(app.WorkspaceRoot, scanId))), "the cancelled scan's workspace is still there");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private string[] WorkspaceEntries() =>
        Directory.Exists(app.WorkspaceRoot) ? Directory.EnumerateFileSystemEntries(app.WorkspaceRoot).Order().ToArray() : [];
}

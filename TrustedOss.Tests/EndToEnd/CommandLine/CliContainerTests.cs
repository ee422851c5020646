using System.Text.Json;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.EndToEnd.CommandLine;

/// <summary>
/// `trustedoss scan --kind container` (`--image-archive`, `--image-ref`) and `gate` as processes on a real image
/// (umoci + skopeo), uploaded as an archive or pulled from a loopback <see cref="OciLayoutRegistry"/>.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class CliContainerTests(CliFixture app, ITestOutputHelper output) : IDisposable
{
    public void Dispose() => app.WriteOutputTo(output);

    private async Task<CliProcess.Result> RunAsync(params string[] arguments)
    {
        var result = await app.RunAsync(arguments);
        output.WriteLine($"$ trustedoss {string.Join(' ', arguments)}\n{result}");
        return result;
    }

    [Fact]
    public async Task An_uploaded_image_archive_is_scanned_to_succeeded_and_its_planted_cve_fails_the_gate_with_exit_1()
    {
        var archive = await new ImageArchiveBuilder(Path.Combine(app.Scratch, "images", Guid.NewGuid().ToString("N"))).BuildAsync(ImageArchiveKind.DockerSave);
        using var client = app.Api.Client(app.Developer.Key);
        var projectId = await SelfHostApi.CreateProjectWithoutSourceAsync(client);

        var scan = await RunAsync("scan", "--project", projectId, "--kind", "container", "--image-archive", archive, "--wait", "--poll");

        Assert.Equal(0, scan.ExitCode);
        var scanId = scan.Stdout.Trim();
        foreach (var stage in new[] { "bootstrap", "fetch", "dt_upload", "dt_findings", "finalize" })
            Assert.Contains($"stage {stage}: succeeded", scan.Stderr);
        Assert.DoesNotContain("stage cdxgen", scan.Stderr);
        var stored = await app.ScanAsync(scanId);
        Assert.Equal(("container", "succeeded"), (stored.GetProperty("kind").GetString(), stored.GetProperty("status").GetString()));
        var upload = stored.GetProperty("metadata").GetProperty("upload").GetString()!;
        Assert.Equal($"{scanId}/image.tar", upload);
        Assert.False(await UploadBlobs.ExistsAsync(upload), "finalize left the uploaded archive in blob storage");

        var sarif = Path.Combine(Directory.CreateDirectory(Path.Combine(app.Scratch, "reports")).FullName, $"{scanId}.sarif");
        var gate = await RunAsync("gate", "--scan", scanId, "--fail-on-severity", "high", "--fail-on-license-tier", "none", "--sarif", sarif);

        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("CVE-2021-44906  CRITICAL  pkg:npm/minimist@1.2.5", gate.Stdout);
        var text = await File.ReadAllTextAsync(sarif);
        Assert.Null(SarifSchema.Errors(text));
        var result = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        Assert.Equal("CVE-2021-44906", result.GetProperty("ruleId").GetString());
        Assert.Equal(0, (await RunAsync("gate", "--scan", scanId, "--fail-on-severity", "none", "--fail-on-license-tier", "none")).ExitCode);
    }

    [Fact]
    public async Task Scan_of_an_image_reference_with_wait_pulls_it_from_the_registry_and_exits_0_with_its_deb_packages()
    {
        var layout = await new ImageArchiveBuilder(Path.Combine(app.Scratch, "images", Guid.NewGuid().ToString("N"))).BuildLayoutAsync();
        await using var registry = new OciLayoutRegistry(layout, CliFixture.RegistryUsername, CliFixture.RegistryPassword);
        await registry.StartAsync();
        using var client = app.Api.Client(app.Developer.Key);
        var projectId = await SelfHostApi.CreateProjectWithoutSourceAsync(client);
        var imageRef = $"{registry.Host}/team/app:app";

        var scan = await RunAsync("scan", "--project", projectId, "--kind", "container", "--image-ref", imageRef, "--wait");

        Assert.Equal(0, scan.ExitCode);
        var scanId = scan.Stdout.Trim();
        Assert.True(Guid.TryParse(scanId, out _), scan.ToString());
        Assert.Contains("stage fetch: succeeded", scan.Stderr);
        Assert.Contains($"scan {scanId} succeeded", scan.Stderr);
        var stored = await app.ScanAsync(scanId);
        Assert.Equal(("container", "succeeded"), (stored.GetProperty("kind").GetString(), stored.GetProperty("status").GetString()));
        Assert.Equal(imageRef, stored.GetProperty("metadata").GetProperty("image_ref").GetString());
        Assert.Contains("/v2/team/app/manifests/app", registry.Served);
        var components = (await SelfHostApi.GetAsync(client, $"/v1/projects/{projectId}/components?scan_id={scanId}")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("purl").GetString()!).ToArray();
        Assert.Contains(components, purl => purl.StartsWith("pkg:deb/debian/libc6@", StringComparison.Ordinal));
    }
}

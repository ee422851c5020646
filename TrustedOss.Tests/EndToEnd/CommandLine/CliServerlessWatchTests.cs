using System.Net;
using System.Text;
using System.Text.Json;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.EndToEnd.CommandLine;

/// <summary>
/// `trustedoss watch --transport service`: the Functions host's live path (negotiate at /v1/scans, the .NET client
/// following the redirect to the service, HTTP subscribe), through the local stand-in for Azure SignalR Service.
/// </summary>
public sealed class CliServerlessWatchTests(ServerlessProgressFixture fixture, ITestOutputHelper output) : IClassFixture<ServerlessProgressFixture>
{
    [Fact]
    public async Task Watch_through_the_service_subscribes_over_http_prints_every_stage_and_exits_0()
    {
        var server = fixture.Server;
        var dev = await server.NewMemberAsync("developer");
        var repo = Path.Combine(server.Scratch, "repos", Guid.NewGuid().ToString("N"));
        await new GitRepoBuilder(repo).WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app")).BuildAsync();
        var client = server.Client(dev.Key);
        var project = JsonDocument.Parse(await (await client.PostAsync("/v1/projects",
            new StringContent($$"""{"name":"cli-live-{{Guid.NewGuid():N}}","git_url":"file://{{repo}}"}""", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement;
        var trigger = await client.PostAsync($"/v1/projects/{project.GetProperty("id").GetString()}/scans", null);
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        var scanId = JsonDocument.Parse(await trigger.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var watch = await CliProcess.RunAsync(CliProcess.Environment(server.BaseAddress, dev.Key), null, "watch", scanId, "--transport", "service");
        output.WriteLine(watch.ToString());

        Assert.Equal(0, watch.ExitCode);
        Assert.Contains("live progress over Azure SignalR Service", watch.Stdout);
        foreach (var stage in new[] { "bootstrap", "fetch", "prep", "cdxgen", "scancode", "dt_upload", "dt_findings", "finalize" })
            Assert.Contains($"stage {stage}: succeeded", watch.Stdout);
        Assert.EndsWith($"scan {scanId} succeeded", watch.Stdout.TrimEnd());
        // The CLI's connection was joined to the scan's group through POST /v1/scans/{id}/subscribe.
        Assert.Contains(fixture.Service.Calls.ToArray(), c => c is { Method: "PUT", Status: 200 } && c.Path.StartsWith($"/api/v1/hubs/scans/groups/scan%3A{scanId}/connections/", StringComparison.Ordinal));
    }
}

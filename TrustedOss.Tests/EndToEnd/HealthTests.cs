using System.Net;
using System.Text;
using Dapper;
using System.Text.Json;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.EndToEnd;

public sealed class HealthTests(SelfHostServer server) : IClassFixture<SelfHostServer>
{
    [Fact]
    public async Task Health_is_200_and_reports_postgres_storage_and_each_tool_truthfully()
    {
        var response = await server.Client().GetAsync("/health");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(HttpStatusCode.OK == response.StatusCode, body.ToString());
        var checks = body.GetProperty("checks");
        Assert.StartsWith("15", checks.GetProperty("postgres").GetProperty("version").GetString());
        Assert.True(checks.GetProperty("storage").GetProperty("ok").GetBoolean());
        Assert.Contains("12.", checks.GetProperty("cdxgen").GetProperty("version").GetString());
        Assert.Contains("Version", checks.GetProperty("trivy").GetProperty("version").GetString());
        Assert.Equal("absent", checks.GetProperty("trivy").GetProperty("info").GetProperty("db").GetString());
        Assert.Equal("built-in", checks.GetProperty("scancode").GetProperty("info").GetProperty("mode").GetString());
        Assert.True(checks.TryGetProperty("skopeo", out var skopeo), body.ToString());
        Assert.True(skopeo.GetProperty("info").GetProperty("image_pulls").GetBoolean(), skopeo.ToString());
        Assert.Contains("skopeo", skopeo.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Health_is_503_naming_storage_when_azurite_is_unreachable()
    {
        await using var unreachable = await StartWithStorageUnreachableAsync();

        var response = await unreachable.Client().GetAsync("/health");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(["storage"], body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("Azurite", body.GetProperty("checks").GetProperty("storage").GetProperty("detail").GetString());
        Assert.DoesNotContain("AccountKey", body.ToString());
    }

    [Fact]
    public async Task A_scan_that_cannot_be_scheduled_is_marked_failed_and_the_trigger_answers_503()
    {
        await using var unreachable = await StartWithStorageUnreachableAsync();
        var client = unreachable.Client((await unreachable.NewMemberAsync("developer")).Key);
        var created = await client.PostAsync("/v1/projects", new StringContent(
            $$"""{"name":"unscheduled-{{Guid.NewGuid():N}}","git_url":"https://git.example.test/app.git"}""", Encoding.UTF8, "application/json"));
        var projectId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var problem = await ProblemAssert.IsProblemAsync(
                await client.PostAsync($"/v1/projects/{projectId}/scans", new StringContent("{}", Encoding.UTF8, "application/json")),
                HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Scan could not be scheduled", problem.GetProperty("title").GetString());
        }

        // Each refused trigger left a failed row with the reason, never a queued ghost that would 409 the retry.
        await using var c = await unreachable.Database.DataSource.OpenConnectionAsync();
        var rows = (await c.QueryAsync<(string Status, string? ErrorMessage, DateTime? CompletedAt)>(
            "SELECT status, error_message, completed_at FROM scans WHERE project_id = @projectId", new { projectId })).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal("failed", row.Status);
            Assert.Contains("could not be scheduled", row.ErrorMessage);
            Assert.NotNull(row.CompletedAt);
        });
    }

    /// <summary>The same Azurite connection string shape, pointed at a port where nothing listens (Azurite stopped).</summary>
    private static async Task<SelfHostServer> StartWithStorageUnreachableAsync()
    {
        var stopped = System.Text.RegularExpressions.Regex.Replace(SelfHostServer.AzuriteConnectionString, @"127\.0\.0\.1:\d+", "127.0.0.1:1");
        var server = SelfHostServer.With(new() { ["AzureWebJobsStorage"] = stopped });
        await server.InitializeAsync();
        return server;
    }
}

public sealed class OpenApiTests(SelfHostServer server) : IClassFixture<SelfHostServer>
{
    [Fact]
    public async Task The_openapi_document_lists_every_declared_route_without_a_key()
    {
        var doc = JsonDocument.Parse(await server.Client().GetStringAsync("/openapi.json")).RootElement;

        Assert.Equal("3.0.3", doc.GetProperty("openapi").GetString());
        var paths = doc.GetProperty("paths");
        Assert.Equal("TriggerScan", paths.GetProperty("/v1/projects/{id}/scans").GetProperty("post").GetProperty("operationId").GetString());
        Assert.Equal("CancelScan", paths.GetProperty("/v1/scans/{id}/cancel").GetProperty("post").GetProperty("operationId").GetString());
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Count();
        Assert.Equal(TrustedOss.Functions.Http.OpenApiDocument.ApiFunctions(typeof(TrustedOss.Functions.Hosting.SelfHostApp).Assembly).Sum(f => f.Verbs.Count), operations);
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("*path"));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using TrustedOss.Pipeline.Health;
using TrustedOss.Pipeline.Maintenance;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Maintenance;

public sealed class TrivyDbRefreshTests : IAsyncLifetime
{
    private readonly TestDatabase db = new();
    public Task InitializeAsync() => db.InitializeAsync();
    public Task DisposeAsync() => db.DisposeAsync();

    [Fact]
    public async Task A_failed_download_reports_the_registry_error_and_keeps_the_working_db()
    {
        using var cache = new TempDirectory();
        await TrivyTestDb.WriteAsync(cache.Path);
        var before = TrivyDbState.Read(cache.Path);
        // An unreachable registry: the real trivy runs and fails, as it does on machines without network.
        var tools = TestSettings.Tools(("TRIVY_CACHE_DIR", cache.Path), ("TRIVY_DB_REPOSITORY", "127.0.0.1:1/aquasecurity/trivy-db"), ("TRIVY_TIMEOUT_SECONDS", "60"));
        var refresh = new TrivyDbRefresh(tools, new TrivyTool(new ProcessRunner(TimeProvider.System), tools), new SingleFlight(db.DataSource),
            TimeProvider.System, NullLogger<TrivyDbRefresh>.Instance);

        var outcome = await refresh.RunAsync(CancellationToken.None);

        Assert.False(outcome.Refreshed);
        Assert.Contains("127.0.0.1:1/aquasecurity/trivy-db", outcome.Detail);
        Assert.Matches("exit [1-9]", outcome.Detail);
        Assert.Equal(before, TrivyDbState.Read(cache.Path));
        Assert.Equal(["db"], Directory.GetDirectories(cache.Path).Select(Path.GetFileName));
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Hosting;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.Orchestration;

/// <summary>
/// The real <see cref="ScanOrchestrator"/> on the in-memory Durable Task engine (<see cref="DurableTaskTestHost"/>:
/// the real gRPC worker and replay), with one activity per stage as <c>ScanOrchestration</c> declares them.
/// The activities run the real bookkeeping — <see cref="StageExecutor"/>, <see cref="ScanBookkeeping"/>,
/// <see cref="ScanTrigger"/> and <see cref="ScanCancellation"/> over a migrated test database — around
/// <see cref="ScriptedStage"/>s in place of the tools. Set behaviours and overrides, then <see cref="StartAsync"/>.
/// </summary>
internal sealed class ScanEngineHarness : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ServiceProvider services;
    private readonly ITestOutputHelper output;
    private DurableTaskTestHost? host;

    public ScanEngineHarness(TestDatabase database, string scratch, ITestOutputHelper output)
    {
        this.output = output;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["POSTGRES_CONNECTION_STRING"] = database.ConnectionString,
            ["TOOLS_DIR"] = RepoPaths.ToolsDir,
            ["WORKSPACE_ROOT"] = Path.Combine(scratch, "workspaces"),
            ["TRIVY_CACHE_DIR"] = Path.Combine(scratch, "trivy-cache"),
        }).Build();
        Stages = ScanPlan.SourceStages.ToDictionary(slug => slug, slug => new ScriptedStage(slug));
        var collection = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new TestOutputLoggerProvider(output)))
            .AddTrustedOssPipeline(configuration);
        collection.RemoveAll<IScanStage>();
        foreach (var stage in Stages.Values) collection.AddSingleton<IScanStage>(stage);
        services = collection.BuildServiceProvider();
        // As the real bootstrap does, so tests can see ReclaimScan remove the workspace.
        Stages[ScanPlan.Bootstrap].Behaviour = (context, _) =>
        {
            Workspaces.Create(context.ScanId);
            return Task.FromResult(StageResult.Succeeded());
        };
    }

    /// <summary>The stage doubles by slug; each succeeds unless its behaviour is replaced (bootstrap creates the workspace).</summary>
    public Dictionary<string, ScriptedStage> Stages { get; }

    /// <summary>Activities replaced wholesale (the executor is bypassed), by activity name.</summary>
    public Dictionary<string, Func<ScanOrchestrationInput, Task<StageOutcome>>> ActivityOverrides { get; } = [];

    /// <summary>Every activity invocation, in the order the engine started them.</summary>
    public ConcurrentQueue<string> ActivitiesCalled { get; } = new();

    public DurableTaskClient Client => (host ?? throw new InvalidOperationException("Call StartAsync first.")).Client;
    public ScanWorkspaces Workspaces => services.GetRequiredService<ScanWorkspaces>();
    public ScanQueries Queries => services.GetRequiredService<ScanQueries>();

    public async Task StartAsync()
    {
        var executor = services.GetRequiredService<StageExecutor>();
        var bookkeeping = services.GetRequiredService<ScanBookkeeping>();
        host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<ScanOrchestrationInput, string>(ScanOrchestrator.Name, (context, input) => ScanOrchestrator.RunAsync(context, input));
            foreach (var stage in ScanPlan.SourceStages)
            {
                var name = StageActivityNames.For(stage);
                registry.AddActivityFunc<ScanOrchestrationInput, StageOutcome>(name, (_, input) =>
                {
                    ActivitiesCalled.Enqueue(name);
                    return ActivityOverrides.TryGetValue(name, out var replaced) ? replaced(input) : executor.RunAsync(stage, input, CancellationToken.None);
                });
            }
            registry.AddActivityFunc<ScanFailure>(StageActivityNames.FailScan, (_, failure) =>
            {
                ActivitiesCalled.Enqueue(StageActivityNames.FailScan);
                return bookkeeping.FailAsync(failure, CancellationToken.None);
            });
            registry.AddActivityFunc<ScanOrchestrationInput>(StageActivityNames.ReclaimScan, (_, input) =>
            {
                ActivitiesCalled.Enqueue(StageActivityNames.ReclaimScan);
                return bookkeeping.ReclaimEndedAsync(input, CancellationToken.None);
            });
        }, new DurableTaskTestHostOptions { LoggerFactory = services.GetRequiredService<ILoggerFactory>() });
    }

    /// <summary>A project and a source scan triggered the way the API does it: queued row, pending stages, orchestration scheduled.</summary>
    public async Task<Guid> TriggerScanAsync()
    {
        var slug = "p" + Guid.NewGuid().ToString("N")[..12];
        await using (var c = await services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        {
            var team = await c.ExecuteScalarAsync<Guid>("INSERT INTO teams (slug, name) VALUES (@slug, @slug) RETURNING id", new { slug });
            var project = await c.ExecuteScalarAsync<Guid>(
                "INSERT INTO projects (team_id, name, slug, git_url, default_branch) VALUES (@team, @slug, @slug, 'https://git.example.test/app.git', 'main') RETURNING id",
                new { team, slug });
            var view = await services.GetRequiredService<ScanTrigger>().TriggerAsync(
                Caller.System, project, new TriggerScanRequest(), null, new DurableScanScheduler(Client), CancellationToken.None);
            return view.Id;
        }
    }

    /// <summary>The spec's cancel: the row turns `cancelled` first, then the orchestration gets its `Cancel` event.</summary>
    public Task CancelAsync(Guid scanId) =>
        services.GetRequiredService<ScanCancellation>().CancelAsync(Caller.System, scanId, new DurableScanScheduler(Client), CancellationToken.None);

    public async Task<OrchestrationMetadata> WaitForCompletionAsync(Guid scanId)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            return await Client.WaitForInstanceCompletionAsync(scanId.ToString(), getInputsAndOutputs: true, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            var last = await Client.GetInstanceAsync(scanId.ToString());
            throw new TimeoutException($"Scan orchestration {scanId} still {last?.RuntimeStatus} after {Timeout.TotalSeconds} s; activities: {string.Join(", ", ActivitiesCalled)}");
        }
    }

    /// <summary>Completes once the engine has started <paramref name="activity"/>.</summary>
    public async Task ActivityCalledAsync(string activity)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!ActivitiesCalled.Contains(activity))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{activity} not called within {Timeout.TotalSeconds} s; activities: {string.Join(", ", ActivitiesCalled)}");
            await Task.Delay(20);
        }
    }

    /// <summary>The orchestration's custom status as (step, percent).</summary>
    public async Task<(string Step, int Percent)?> CustomStatusAsync(Guid scanId)
    {
        var instance = await Client.GetInstanceAsync(scanId.ToString(), getInputsAndOutputs: true);
        if (instance?.SerializedCustomStatus is not { } json) return null;
        var status = JsonDocument.Parse(json).RootElement;
        return (status.GetProperty("step").GetString()!, status.GetProperty("percent").GetInt32());
    }

    public async Task<Dictionary<string, StageView>> StageRowsAsync(Guid scanId) =>
        (await Queries.StagesAsync(Caller.System, scanId, CancellationToken.None)).ToDictionary(s => s.Stage);

    public static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} did not happen within {Timeout.TotalSeconds} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stage in Stages.Values) stage.Release();
        if (host is not null) await host.DisposeAsync();
        await services.DisposeAsync();
        output.WriteLine($"activities: {string.Join(", ", ActivitiesCalled)}");
    }
}

using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using Npgsql;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Stages;
using Xunit.Abstractions;

namespace TrustedOss.Tests.Orchestration;

/// <summary>
/// The orchestrator's decisions on a real Durable Task engine (in memory): replay, the cancel race, the
/// retry policy and failure details are the engine's, the stage work is scripted (<see cref="ScanEngineHarness"/>).
/// </summary>
public sealed class DurableScanOrchestrationTests(MigratedDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<MigratedDatabaseFixture>
{
    private ScanEngineHarness NewEngine() => new(fixture.Database, fixture.Scratch, output);

    private static string[] ActivitiesOf(IEnumerable<string> stages) => stages.Select(StageActivityNames.For).ToArray();

    public static TheoryData<string> SourceStages() => [.. ScanPlan.SourceStages];

    [Fact]
    public async Task A_scan_runs_every_stage_activity_in_spec_order_and_its_custom_status_mirrors_the_progress()
    {
        await using var engine = NewEngine();
        var seen = new ConcurrentDictionary<string, ((string, int)? Custom, string? Step, int Percent)>();
        foreach (var stage in engine.Stages.Values)
        {
            var inner = stage.Behaviour;
            stage.Behaviour = async (context, token) =>
            {
                var row = await engine.Queries.GetAsync(Caller.System, context.ScanId, token);
                seen[stage.Slug] = (await engine.CustomStatusAsync(context.ScanId), row.CurrentStep, row.ProgressPercent);
                return await inner(context, token);
            };
        }
        await engine.StartAsync();

        var scanId = await engine.TriggerScanAsync();
        var done = await engine.WaitForCompletionAsync(scanId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ScanStatus.Succeeded, done.ReadOutputAs<string>());
        Assert.Equal(ActivitiesOf(ScanPlan.SourceStages), engine.ActivitiesCalled);
        foreach (var stage in ScanPlan.SourceStages)
        {
            // While a stage runs, the orchestration's custom status and the scan row say the same thing.
            var percent = ScanPlan.PercentAtStart(stage);
            Assert.Equal(((stage, percent), stage, percent), seen[stage]);
        }
        Assert.Equal((ScanStatus.Succeeded, 100), await engine.CustomStatusAsync(scanId));
        var scan = await engine.Queries.GetAsync(Caller.System, scanId, default);
        Assert.Equal((ScanStatus.Succeeded, 100, ScanStatus.Succeeded), (scan.Status, scan.ProgressPercent, scan.CurrentStep));
        Assert.All((await engine.StageRowsAsync(scanId)).Values, s => Assert.Equal(StageState.Succeeded, s.State));
    }

    [Theory]
    [MemberData(nameof(SourceStages))]
    public async Task A_cancel_during_a_stage_stops_the_orchestration_at_its_next_await_and_no_later_stage_runs(string stage)
    {
        await using var engine = NewEngine();
        var running = engine.Stages[stage];
        running.BlockUntilReleased();
        await engine.StartAsync();
        var scanId = await engine.TriggerScanAsync();
        await ScanEngineHarness.Within(running.Started.Task, $"{stage} starting");

        await engine.CancelAsync(scanId);

        // The orchestrator acts on the Cancel event while the stage's activity is still blocked: it reclaims the scan.
        await ScanEngineHarness.Within(engine.ActivityCalledAsync(StageActivityNames.ReclaimScan), "ReclaimScan");
        var index = ScanPlan.SourceStages.ToList().IndexOf(stage);
        string[] expected = [.. ActivitiesOf(ScanPlan.SourceStages.Take(index + 1)), StageActivityNames.ReclaimScan];
        Assert.Equal(expected, engine.ActivitiesCalled);
        // The activity's watcher saw the cancelled row and fired the stage's token: that is what kills a tool.
        await ScanEngineHarness.Within(running.SawCancellation.Task, $"{stage}'s token firing");

        // The engine completes the instance once the abandoned activity returns; its late outcome starts nothing.
        running.Release();
        var done = await engine.WaitForCompletionAsync(scanId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ScanStatus.Cancelled, done.ReadOutputAs<string>());
        Assert.Equal(expected, engine.ActivitiesCalled);
        Assert.All(ScanPlan.SourceStages.Skip(index + 1), later => Assert.Equal(0, engine.Stages[later].Calls));
        Assert.Equal((ScanStatus.Cancelled, ScanPlan.PercentAtStart(stage)), await engine.CustomStatusAsync(scanId));

        var scan = await engine.Queries.GetAsync(Caller.System, scanId, default);
        Assert.Equal((ScanStatus.Cancelled, ScanCancellation.CancelledByUser), (scan.Status, scan.ErrorDetail));
        var rows = await engine.StageRowsAsync(scanId);
        Assert.All(ScanPlan.SourceStages.Take(index), earlier => Assert.Equal(StageState.Succeeded, rows[earlier].State));
        Assert.Equal((StageState.Skipped, ScanCancellation.CancelledByUser), (rows[stage].State, rows[stage].Detail));
        Assert.All(ScanPlan.SourceStages.Skip(index + 1), later => Assert.Equal(StageState.Skipped, rows[later].State));
        Assert.False(engine.Workspaces.Get(scanId).Exists);
    }

    [Fact]
    public async Task A_transient_fault_is_retried_and_the_scan_succeeds()
    {
        await using var engine = NewEngine();
        var attempts = 0;
        engine.Stages[ScanPlan.Fetch].Behaviour = (_, _) => Interlocked.Increment(ref attempts) == 1
            ? throw new NpgsqlException("connection to the database was lost")
            : Task.FromResult(StageResult.Succeeded());
        await engine.StartAsync();

        var scanId = await engine.TriggerScanAsync();
        var done = await engine.WaitForCompletionAsync(scanId);

        Assert.Equal(ScanStatus.Succeeded, done.ReadOutputAs<string>());
        Assert.Equal(2, attempts);
        Assert.Equal([StageActivityNames.Bootstrap, StageActivityNames.Fetch, .. ActivitiesOf(ScanPlan.SourceStages.Skip(1))], engine.ActivitiesCalled);
        Assert.Equal(StageState.Succeeded, (await engine.StageRowsAsync(scanId))[ScanPlan.Fetch].State);
        Assert.Equal(ScanStatus.Succeeded, (await engine.Queries.GetAsync(Caller.System, scanId, default)).Status);
    }

    [Fact]
    public async Task An_activity_failing_with_a_tools_real_failure_is_not_retried_and_FailScan_records_the_error_detail()
    {
        await using var engine = NewEngine();
        var attempts = 0;
        engine.ActivityOverrides[StageActivityNames.Fetch] = _ =>
        {
            Interlocked.Increment(ref attempts);
            throw new StageFailedException("git: repository 'https://git.example.test/app.git' not found");
        };
        await engine.StartAsync();

        var scanId = await engine.TriggerScanAsync();
        var done = await engine.WaitForCompletionAsync(scanId);

        Assert.Equal(ScanStatus.Failed, done.ReadOutputAs<string>());
        Assert.Equal(1, attempts);
        Assert.Equal([StageActivityNames.Bootstrap, StageActivityNames.Fetch, StageActivityNames.FailScan], engine.ActivitiesCalled);
        Assert.Equal((ScanStatus.Failed, ScanPlan.PercentAtStart(ScanPlan.Fetch)), await engine.CustomStatusAsync(scanId));
        var scan = await engine.Queries.GetAsync(Caller.System, scanId, default);
        Assert.Equal(ScanStatus.Failed, scan.Status);
        Assert.Equal("internal error in fetch: git: repository 'https://git.example.test/app.git' not found", scan.ErrorDetail);
        var rows = await engine.StageRowsAsync(scanId);
        Assert.Equal(StageState.Failed, rows[ScanPlan.Fetch].State);
        Assert.All(ScanPlan.SourceStages.Skip(2), later => Assert.Equal(StageState.Skipped, rows[later].State));
        Assert.False(engine.Workspaces.Get(scanId).Exists);
    }

    [Fact]
    public async Task A_failing_tool_stage_fails_the_scan_with_its_error_detail_and_later_stages_never_run()
    {
        await using var engine = NewEngine();
        engine.Stages[ScanPlan.Cdxgen].Behaviour = (_, _) => throw new StageFailedException("cdxgen found 0 components in 2 manifests");
        await engine.StartAsync();

        var scanId = await engine.TriggerScanAsync();
        var done = await engine.WaitForCompletionAsync(scanId);

        Assert.Equal(ScanStatus.Failed, done.ReadOutputAs<string>());
        Assert.Equal([.. ActivitiesOf(ScanPlan.SourceStages.Take(4)), StageActivityNames.ReclaimScan], engine.ActivitiesCalled);
        Assert.Equal(1, engine.Stages[ScanPlan.Cdxgen].Calls);
        Assert.Equal((ScanStatus.Failed, ScanPlan.PercentAtStart(ScanPlan.Cdxgen)), await engine.CustomStatusAsync(scanId));
        var scan = await engine.Queries.GetAsync(Caller.System, scanId, default);
        Assert.Equal((ScanStatus.Failed, "cdxgen found 0 components in 2 manifests"), (scan.Status, scan.ErrorDetail));
        var rows = await engine.StageRowsAsync(scanId);
        Assert.Equal((StageState.Failed, "cdxgen found 0 components in 2 manifests"), (rows[ScanPlan.Cdxgen].State, rows[ScanPlan.Cdxgen].Detail));
        Assert.All(ScanPlan.SourceStages.Skip(4), later => Assert.Equal(StageState.Skipped, rows[later].State));
        Assert.False(engine.Workspaces.Get(scanId).Exists);
    }

    [Fact]
    public async Task A_best_effort_stage_that_gives_up_is_skipped_with_its_reason_and_the_scan_carries_on_to_success()
    {
        await using var engine = NewEngine();
        engine.Stages[ScanPlan.Scancode].Behaviour = (_, _) => Task.FromResult(StageResult.Skipped("scancode exited with code 2: no license index"));
        await engine.StartAsync();

        var scanId = await engine.TriggerScanAsync();
        var done = await engine.WaitForCompletionAsync(scanId);

        Assert.Equal(ScanStatus.Succeeded, done.ReadOutputAs<string>());
        Assert.Equal(ActivitiesOf(ScanPlan.SourceStages), engine.ActivitiesCalled);
        var rows = await engine.StageRowsAsync(scanId);
        Assert.Equal((StageState.Skipped, "scancode exited with code 2: no license index"), (rows[ScanPlan.Scancode].State, rows[ScanPlan.Scancode].Detail));
        Assert.All(ScanPlan.SourceStages.Where(s => s != ScanPlan.Scancode), s => Assert.Equal(StageState.Succeeded, rows[s].State));
        Assert.Equal(ScanStatus.Succeeded, (await engine.Queries.GetAsync(Caller.System, scanId, default)).Status);
    }
}

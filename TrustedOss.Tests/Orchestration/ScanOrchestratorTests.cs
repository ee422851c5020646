using Microsoft.DurableTask;
using Moq;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Tests.Orchestration;

/// <summary>
/// The orchestrator against a strict mock context: every call it makes must be expected, and the
/// cancel event is a task that never completes unless a test completes it (FACTS.md: Moq's default
/// completed tasks would make the cancel race pass vacuously).
/// </summary>
public sealed class ScanOrchestratorTests
{
    private readonly Mock<TaskOrchestrationContext> context = new(MockBehavior.Strict);
    private readonly TaskCompletionSource<string> cancelEvent = new();
    private readonly List<string> called = [];
    private readonly ScanOrchestrationInput input = new(Guid.NewGuid(), "source");

    public ScanOrchestratorTests()
    {
        context.Setup(c => c.WaitForExternalEvent<string>(ScanOrchestrator.CancelEvent, It.IsAny<CancellationToken>())).Returns(cancelEvent.Task);
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>()));
        context.Setup(c => c.CallActivityAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName name, object? _, TaskOptions? _) => called.Add(name.Name))
            .Returns(Task.CompletedTask);
    }

    private void StageReturns(string activity, Func<Task<StageOutcome>> outcome) =>
        context.Setup(c => c.CallActivityAsync<StageOutcome>(It.Is<TaskName>(n => n.Name == activity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName name, object? _, TaskOptions? _) => called.Add(name.Name))
            .Returns(outcome);

    private void AllStagesSucceed(IEnumerable<string> stages)
    {
        foreach (var stage in stages)
            StageReturns(StageActivityNames.For(stage), () => Task.FromResult(new StageOutcome(stage, StageState.Succeeded,
                stage == ScanPlan.Finalize ? ScanStatus.Succeeded : null)));
    }

    [Fact]
    public async Task A_source_scan_runs_every_stage_activity_in_spec_order_and_succeeds()
    {
        AllStagesSucceed(ScanPlan.SourceStages);

        var status = await ScanOrchestrator.RunAsync(context.Object, input);

        Assert.Equal(ScanStatus.Succeeded, status);
        Assert.Equal(["BootstrapStage", "FetchStage", "PrepStage", "CdxgenStage", "ScancodeStage", "DtUploadStage", "DtFindingsStage", "FinalizeStage"], called);
    }

    [Fact]
    public async Task A_container_scan_runs_only_the_stages_that_apply()
    {
        AllStagesSucceed(ScanPlan.ContainerStages);

        await ScanOrchestrator.RunAsync(context.Object, input with { Kind = "container" });

        Assert.Equal(["BootstrapStage", "FetchStage", "DtUploadStage", "DtFindingsStage", "FinalizeStage"], called);
    }

    [Fact]
    public async Task A_failed_stage_ends_the_scan_without_running_later_stages()
    {
        AllStagesSucceed(ScanPlan.SourceStages);
        StageReturns(StageActivityNames.Cdxgen, () => Task.FromResult(new StageOutcome(ScanPlan.Cdxgen, StageState.Failed, ScanStatus.Failed, "0 components from 2 manifests")));

        var status = await ScanOrchestrator.RunAsync(context.Object, input);

        Assert.Equal(ScanStatus.Failed, status);
        Assert.Equal(["BootstrapStage", "FetchStage", "PrepStage", "CdxgenStage", StageActivityNames.ReclaimScan], called);
    }

    [Fact]
    public async Task The_cancel_event_during_a_stage_reclaims_the_scan_and_stops()
    {
        AllStagesSucceed(ScanPlan.SourceStages);
        var cdxgenRunning = new TaskCompletionSource<StageOutcome>();
        StageReturns(StageActivityNames.Cdxgen, () => cdxgenRunning.Task);

        var run = ScanOrchestrator.RunAsync(context.Object, input);
        Assert.False(run.IsCompleted);
        cancelEvent.SetResult("cancelled by user");
        var status = await run;

        Assert.Equal(ScanStatus.Cancelled, status);
        Assert.Equal(["BootstrapStage", "FetchStage", "PrepStage", "CdxgenStage", StageActivityNames.ReclaimScan], called);
    }

    [Fact]
    public async Task An_activity_that_crashed_past_its_retries_fails_the_scan_with_the_reason()
    {
        AllStagesSucceed(ScanPlan.SourceStages);
        StageReturns(StageActivityNames.Fetch, () => Task.FromException<StageOutcome>(
            new TaskFailedException(StageActivityNames.Fetch, 7, new TaskFailureDetails("Npgsql.NpgsqlException", "connection lost", null, null, null))));
        ScanFailure? failure = null;
        context.Setup(c => c.CallActivityAsync(It.Is<TaskName>(n => n.Name == StageActivityNames.FailScan), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName _, object? arg, TaskOptions? _) => failure = (ScanFailure?)arg)
            .Returns(Task.CompletedTask);

        var status = await ScanOrchestrator.RunAsync(context.Object, input);

        Assert.Equal(ScanStatus.Failed, status);
        Assert.Equal(new ScanFailure(input.ScanId, ScanPlan.Fetch, "connection lost"), failure);
    }

    [Fact]
    public void Only_transient_faults_are_retried()
    {
        Assert.True(TransientFaults.IsTransient(new TaskFailureDetails("Npgsql.NpgsqlException", "x", null, null, null)));
        Assert.True(TransientFaults.IsTransient(new TaskFailureDetails("System.Exception", "x", null, new TaskFailureDetails("System.TimeoutException", "t", null, null, null), null)));
        Assert.False(TransientFaults.IsTransient(new TaskFailureDetails("TrustedOss.Pipeline.Stages.StageFailedException", "x", null, null, null)));
        Assert.False(TransientFaults.IsTransient(new TaskFailureDetails("System.InvalidOperationException", "x", null, null, null)));
    }
}

using Microsoft.DurableTask.Client;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Scans;
using Xunit.Abstractions;

namespace TrustedOss.Tests.Orchestration;

/// <summary>Terminating scan orchestrations (the stuck-scan backstop's lever) on the in-memory Durable Task engine.</summary>
public sealed class DurableScanSchedulerTests(MigratedDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<MigratedDatabaseFixture>
{
    private const string Reason = "stopped by the backstop";

    [Fact]
    public async Task Terminating_a_scan_whose_stage_never_returns_ends_its_instance_with_the_reason_and_no_later_stage_runs()
    {
        await using var engine = new ScanEngineHarness(fixture.Database, fixture.Scratch, output);
        engine.Stages[ScanPlan.Cdxgen].BlockUntilReleased();
        await engine.StartAsync();
        var scanId = await engine.TriggerScanAsync();
        await ScanEngineHarness.Within(engine.Stages[ScanPlan.Cdxgen].Started.Task, "cdxgen starting");

        await new DurableScanScheduler(engine.Client).TerminateAsync(scanId, Reason, CancellationToken.None);
        var done = await engine.WaitForCompletionAsync(scanId);

        // Unlike a cancel, this does not wait for the open activity (FACTS.md: nor does it stop it; the watcher does).
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal(Reason, done.ReadOutputAs<string>());
        Assert.Equal(0, engine.Stages[ScanPlan.Scancode].Calls);
    }

    [Fact]
    public async Task Terminating_a_finished_or_unknown_instance_is_harmless()
    {
        await using var engine = new ScanEngineHarness(fixture.Database, fixture.Scratch, output);
        await engine.StartAsync();
        var scanId = await engine.TriggerScanAsync();
        await engine.WaitForCompletionAsync(scanId);
        var scheduler = new DurableScanScheduler(engine.Client);

        await scheduler.TerminateAsync(scanId, Reason, CancellationToken.None);
        await scheduler.TerminateAsync(Guid.NewGuid(), Reason, CancellationToken.None);

        var instance = await engine.Client.GetInstanceAsync(scanId.ToString(), getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.Equal(ScanStatus.Succeeded, instance.ReadOutputAs<string>());
    }
}

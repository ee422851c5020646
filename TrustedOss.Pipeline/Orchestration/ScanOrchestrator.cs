using Microsoft.DurableTask;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Pipeline.Orchestration;

/// <summary>
/// One orchestration per scan: the stages in spec order, each raced against the `Cancel` event.
/// Deterministic by construction — no clock, Guid, configuration or I/O here; activities write state.
/// After a cancel it schedules nothing more, but the engine reports the instance completed only once the
/// abandoned stage activity has returned (the Durable Task Framework never completes an instance with an
/// open task); the activity's watcher makes that happen within seconds, and the stuck-scan backstop
/// terminates an instance whose activity never returns.
/// </summary>
public static class ScanOrchestrator
{
    public const string Name = "ScanOrchestrator";
    public const string CancelEvent = "Cancel";

    public static async Task<string> RunAsync(TaskOrchestrationContext context, ScanOrchestrationInput input)
    {
        var kind = input.Kind == "container" ? ScanKind.Container : ScanKind.Source;
        var cancel = context.WaitForExternalEvent<string>(CancelEvent);

        foreach (var stage in ScanPlan.StagesFor(kind))
        {
            context.SetCustomStatus(new { step = stage, percent = ScanPlan.PercentAtStart(stage) });
            var activity = context.CallActivityAsync<StageOutcome>(StageActivityNames.For(stage), input, TransientFaults.RetryOptions);
            if (await Task.WhenAny(activity, cancel) == cancel)
            {
                await context.CallActivityAsync(StageActivityNames.ReclaimScan, input, TransientFaults.RetryOptions);
                context.SetCustomStatus(new { step = ScanStatus.Cancelled, percent = ScanPlan.PercentAtStart(stage) });
                return ScanStatus.Cancelled;
            }

            StageOutcome outcome;
            try
            {
                outcome = await activity;
            }
            catch (TaskFailedException e)
            {
                await context.CallActivityAsync(StageActivityNames.FailScan,
                    new ScanFailure(input.ScanId, stage, e.FailureDetails.ErrorMessage), TransientFaults.RetryOptions);
                context.SetCustomStatus(new { step = ScanStatus.Failed, percent = ScanPlan.PercentAtStart(stage) });
                return ScanStatus.Failed;
            }

            if (outcome.ScanEndedAs is { } ended)
            {
                if (ended != ScanStatus.Succeeded)
                    await context.CallActivityAsync(StageActivityNames.ReclaimScan, input, TransientFaults.RetryOptions);
                context.SetCustomStatus(new { step = ended, percent = ended == ScanStatus.Succeeded ? 100 : ScanPlan.PercentAtStart(stage) });
                return ended;
            }
        }

        context.SetCustomStatus(new { step = ScanStatus.Succeeded, percent = 100 });
        return ScanStatus.Succeeded;
    }
}

using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Functions.Functions;

/// <summary>The durable scan: one orchestrator, one activity per stage (ARCHITECTURE §4–§5).</summary>
public sealed class ScanOrchestration(StageExecutor executor, ScanBookkeeping bookkeeping)
{
    [Function(ScanOrchestrator.Name)]
    public static Task<string> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ScanOrchestrator.RunAsync(context, context.GetInput<ScanOrchestrationInput>()!);

    [Function(StageActivityNames.Bootstrap)]
    public Task<StageOutcome> Bootstrap([ActivityTrigger] ScanOrchestrationInput input, CancellationToken ct) => executor.RunAsync(ScanPlan.Bootstrap, input, ct);

    [Function(StageActivityNames.Fetch)]
    public Task<StageOutcome> Fetch([ActivityTrigger] ScanOrchestrationInput input, CancellationToken ct) => executor.RunAsync(ScanPlan.Fetch, input, ct);

    [Function(StageActivityNames.Prep)]
    public Task<StageOutcome> Prep([ActivityTrigger] ScanOrchestrationInput input, CancellationToken ct) => executor.RunAsync(ScanPlan.Prep, input, ct);

    [Function(StageActivityNames.Cdxgen)]
    public Task<StageOutcome> Cdxgen([ActivityTrigger] ScanOrchestrationInput input, CancellationToken ct) => executor.RunAsync(ScanPlan.Cdxgen, input, ct);

    [Function(StageActivityNames.Scancode)]
    public Task<StageOutcome> Scancode([ActivityTrigger] ScanOrchestrationInput input, CancellationToken ct) => executor.RunAsync(ScanPlan.Scancode, input, ct);

    [Function(StageActivityNames.DtUpload)]
    public Task<StageOutcome> DtUpload([ActivityTrigger] ScanOrchestrationInput input, CancellationToken ct) => executor.RunAsync(ScanPlan.DtUpload, input, ct);

    [Function(StageActivityNames.DtFindings)]
    public Task<StageOutcome> DtFindings([ActivityTrigger] ScanOrchestrationInput input, CancellationToken ct) => executor.RunAsync(ScanPlan.DtFindings, input, ct);

    [Function(StageActivityNames.Finalize)]
    public Task<StageOutcome> Finalize([ActivityTrigger] ScanOrchestrationInput input, CancellationToken ct) => executor.RunAsync(ScanPlan.Finalize, input, ct);

    [Function(StageActivityNames.FailScan)]
    public Task FailScan([ActivityTrigger] ScanFailure failure, CancellationToken ct) => bookkeeping.FailAsync(failure, ct);

    [Function(StageActivityNames.ReclaimScan)]
    public Task Reclaim([ActivityTrigger] ScanOrchestrationInput input, CancellationToken ct) => bookkeeping.ReclaimEndedAsync(input, ct);
}

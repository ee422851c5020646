using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Tuning of the self-host's Durable Task backend (Azure Storage provider). Defaults suit both Azurite on a
/// laptop and a storage account: concurrency mirrors host.json's <c>extensions.durableTask</c>, queues are
/// polled at most every second (Durable Functions idles up to 30 s, which makes a freshly queued scan wait).
/// </summary>
public sealed record SelfHostedDurableSettings
{
    /// <summary>Control-queue partitions; fixed when the task hub is first created. Also the most
    /// self-host instances that can share orchestration work.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>host.json <c>maxConcurrentActivityFunctions</c>: stages run heavy tools.</summary>
    public int MaxConcurrentActivities { get; init; } = 4;

    /// <summary>host.json <c>maxConcurrentOrchestratorFunctions</c>.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 10;

    /// <summary>Longest back-off between empty queue polls.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often partition leases are renewed and free ones looked for (at most a third of the lease,
    /// <see cref="DurableOptions.PartitionLeaseInterval"/>). The activity lock and the lease are settings.</summary>
    public TimeSpan PartitionLeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    public static SelfHostedDurableSettings Default { get; } = new();
}

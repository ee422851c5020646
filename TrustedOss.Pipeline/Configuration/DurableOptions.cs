using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>
/// The durable task hub: its storage account (Azurite locally) and hub name, plus the self-host's crash-recovery
/// timings (the Functions host takes its own from host.json).
/// </summary>
/// <param name="ActivityLockTimeout">How long a running stage's work item stays invisible without a renewal: a
/// stage whose self-host died is run again after at most this long.</param>
/// <param name="PartitionLeaseInterval">How long a dead self-host keeps its task hub partitions (and so its
/// orchestrations) before another instance, or the restarted one, takes them over.</param>
public sealed record DurableOptions(string StorageConnectionString, string TaskHubName, TimeSpan ActivityLockTimeout, TimeSpan PartitionLeaseInterval)
{
    public const string StorageKey = "AzureWebJobsStorage";
    public const string TaskHubKey = "TASK_HUB_NAME";
    public const string ActivityLockKey = "SELFHOST_ACTIVITY_LOCK_SECONDS";
    public const string PartitionLeaseKey = "SELFHOST_PARTITION_LEASE_SECONDS";

    private const int DefaultActivityLockSeconds = 120;
    private const int DefaultPartitionLeaseSeconds = 30;

    /// <summary>A hub with the default crash-recovery timings.</summary>
    public DurableOptions(string storageConnectionString, string taskHubName)
        : this(storageConnectionString, taskHubName, TimeSpan.FromSeconds(DefaultActivityLockSeconds), TimeSpan.FromSeconds(DefaultPartitionLeaseSeconds))
    {
    }

    public static DurableOptions From(IConfiguration c) => new(
        SettingsReader.String(c, StorageKey, "UseDevelopmentStorage=true"),
        SettingsReader.String(c, TaskHubKey, "trustedossselfhost"),
        TimeSpan.FromSeconds(SettingsReader.Int(c, ActivityLockKey, DefaultActivityLockSeconds)),
        TimeSpan.FromSeconds(SettingsReader.Int(c, PartitionLeaseKey, DefaultPartitionLeaseSeconds)));
}

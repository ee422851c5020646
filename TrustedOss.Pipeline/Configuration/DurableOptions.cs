using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>The durable task hub: its storage account (Azurite locally) and hub name.</summary>
public sealed record DurableOptions(string StorageConnectionString, string TaskHubName)
{
    public const string StorageKey = "AzureWebJobsStorage";
    public const string TaskHubKey = "TASK_HUB_NAME";

    public static DurableOptions From(IConfiguration c) => new(
        SettingsReader.String(c, StorageKey, "UseDevelopmentStorage=true"),
        SettingsReader.String(c, TaskHubKey, "trustedossselfhost"));
}

using Azure.Data.Tables;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// Who holds a task hub's control-queue partitions on the Durable Task Azure Storage provider (its table partition
/// manager, the default): one row per partition in the <c>{hub}Partitions</c> table, naming the holder's worker id
/// and when its lease runs out. Read from storage, as any other process sees it.
/// </summary>
public static class TaskHubPartitions
{
    /// <summary>Partition id → owner's worker id, for the partitions whose lease has not run out.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OwnersAsync(string storageConnectionString, string taskHub)
    {
        var table = new TableClient(storageConnectionString, taskHub + "Partitions");
        var owners = new Dictionary<string, string>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                if (row.GetString("CurrentOwner") is { Length: > 0 } owner && row.GetDateTimeOffset("ExpiresAt") > DateTimeOffset.UtcNow)
                    owners[row.RowKey] = owner;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // The first instance has not created the table yet.
        }
        return owners;
    }
}

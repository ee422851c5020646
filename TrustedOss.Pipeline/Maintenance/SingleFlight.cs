using Dapper;
using Npgsql;

namespace TrustedOss.Pipeline.Maintenance;

/// <summary>
/// Every instance fires every timer; a PostgreSQL advisory lock per job lets one run and the others
/// skip that tick, so timer work is single-flight across self-hosts and scaled-out Function Apps.
/// </summary>
public sealed class SingleFlight(NpgsqlDataSource db)
{
    public async Task<bool> TryRunAsync(string job, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        var key = (long)System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes("trustedoss:" + job));
        await using var connection = await db.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)", new { key }, cancellationToken: ct)))
            return false;
        try
        {
            await work(ct);
            return true;
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key });
        }
    }
}

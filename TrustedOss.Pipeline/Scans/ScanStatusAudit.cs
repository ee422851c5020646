using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Audit;
using TrustedOss.Pipeline.Auth;

namespace TrustedOss.Pipeline.Scans;

/// <summary>
/// The audit row for a status change the engine makes (running, succeeded, failed): spec "Verify it worked" expects
/// `scans`/`update` events for a scan the system moved, not only for a user's cancel. Written in the change's transaction.
/// </summary>
public static class ScanStatusAudit
{
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid scanId, string before, string after, string? reason, CancellationToken ct)
    {
        var teamId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT p.team_id FROM scans s JOIN projects p ON p.id = s.project_id WHERE s.id = @scanId", new { scanId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, tx, Caller.System, teamId, "scans", scanId.ToString(), AuditAction.Update,
            new { status = before }, reason is null ? new { status = after } : new { status = after, error_message = reason }, ct);
    }
}

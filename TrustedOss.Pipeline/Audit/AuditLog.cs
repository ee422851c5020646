using System.Text.Json;
using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Auth;

namespace TrustedOss.Pipeline.Audit;

public enum AuditAction { Create, Update, Delete }

/// <summary>
/// Appends to audit_logs inside the caller's transaction, so a change and its audit row commit together.
/// Snapshots must already be free of secrets (callers pass API shapes, which never carry credentials).
/// </summary>
public static class AuditLog
{
    public static Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Caller? actor, Guid? teamId,
        string targetTable, string targetId, AuditAction action, object? before, object? after, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_logs (actor_user_id, actor_label, team_id, target_table, target_id, action, before, after)
            VALUES (@actorId, @actorLabel, @teamId, @targetTable, @targetId, @action, @before::jsonb, @after::jsonb)
            """,
            new
            {
                actorId = actor is null || actor.UserId == Guid.Empty ? (Guid?)null : actor.UserId,
                actorLabel = actor?.Label ?? "system",
                teamId,
                targetTable,
                targetId,
                action = action.ToString().ToLowerInvariant(),
                before = before is null ? null : JsonSerializer.Serialize(before, ApiJson.Options),
                after = after is null ? null : JsonSerializer.Serialize(after, ApiJson.Options),
            },
            transaction, cancellationToken: cancellationToken));
}

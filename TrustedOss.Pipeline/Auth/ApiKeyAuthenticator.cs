using Dapper;
using Npgsql;

namespace TrustedOss.Pipeline.Auth;

/// <summary>Turns an `Authorization: Bearer &lt;api key&gt;` value into a <see cref="Caller"/>, or null.</summary>
public sealed class ApiKeyAuthenticator(NpgsqlDataSource db, ApiKeyHasher hasher, TimeProvider clock)
{
    private const int MaxKeyLength = 200;

    public async Task<Caller?> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        var key = BearerToken(authorizationHeader);
        return key is null ? null : await AuthenticateKeyAsync(key, cancellationToken);
    }

    public async Task<Caller?> AuthenticateKeyAsync(string key, CancellationToken cancellationToken)
    {
        if (key.Length is 0 or > MaxKeyLength) return null;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Email, bool IsSuperAdmin)>(new CommandDefinition(
            """
            UPDATE api_keys k SET last_used_at = @now
            FROM users u
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL AND u.id = k.user_id
            RETURNING u.id, u.email, u.is_super_admin
            """,
            new { hash = hasher.Hash(key), now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return user.Id == Guid.Empty ? null : await WithRolesAsync(connection, user, cancellationToken);
    }

    /// <summary>
    /// The caller behind a user id that an API key already proved (a SignalR connection made through Azure
    /// SignalR Service carries only that id); roles are read fresh. Null for a user that no longer exists.
    /// </summary>
    public async Task<Caller?> AuthenticatedUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Email, bool IsSuperAdmin)>(new CommandDefinition(
            "SELECT id, email, is_super_admin FROM users WHERE id = @userId", new { userId }, cancellationToken: cancellationToken));
        return user.Id == Guid.Empty ? null : await WithRolesAsync(connection, user, cancellationToken);
    }

    private static async Task<Caller> WithRolesAsync(NpgsqlConnection connection, (Guid Id, string Email, bool IsSuperAdmin) user, CancellationToken cancellationToken)
    {
        var roles = await connection.QueryAsync<(Guid TeamId, string Role)>(new CommandDefinition(
            "SELECT team_id, role FROM memberships WHERE user_id = @id", new { id = user.Id }, cancellationToken: cancellationToken));
        var map = roles.ToDictionary(r => r.TeamId, r => TeamRoles.TryParse(r.Role, out var role) ? role : TeamRole.Viewer);
        return new Caller(user.Id, user.Email, user.IsSuperAdmin, map);
    }

    private static string? BearerToken(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }
}

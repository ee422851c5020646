using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Audit;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Pipeline.Teams;

/// <summary>Teams, users, memberships and API keys. Managed by super admins; every change audited.</summary>
public sealed class TeamAdminService(NpgsqlDataSource db, ApiKeyHasher hasher, TimeProvider clock)
{
    public async Task<MeView> MeAsync(Caller caller, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var teams = await connection.QueryAsync<MyTeam>(new CommandDefinition(
            """
            SELECT t.id, t.slug, t.name, COALESCE(m.role, 'admin') AS role
            FROM teams t LEFT JOIN memberships m ON m.team_id = t.id AND m.user_id = @user
            WHERE m.user_id IS NOT NULL OR @super ORDER BY t.slug
            """, new { user = caller.UserId, super = caller.IsSuperAdmin }, cancellationToken: ct));
        return new MeView(caller.UserId, caller.Email, caller.IsSuperAdmin, teams.AsList());
    }

    public async Task<IReadOnlyList<TeamView>> ListTeamsAsync(Caller caller, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<TeamView>(new CommandDefinition(
            "SELECT id, slug, name, created_at FROM teams WHERE @all OR id = ANY(@teams) ORDER BY slug",
            new { all = caller.IsSuperAdmin, teams = caller.Roles.Keys.ToArray() }, cancellationToken: ct))).AsList();
    }

    public async Task<TeamView> CreateTeamAsync(Caller caller, CreateTeamRequest request, CancellationToken ct)
    {
        RequireSuperAdmin(caller);
        var name = FieldRules.RequiredText("name", request.Name, 200);
        var slug = FieldRules.Slug("slug", request.Slug ?? FieldRules.SlugFrom(name));
        return await WriteAsync(async (connection, tx) =>
        {
            var team = await InsertUniqueAsync(() => connection.QuerySingleAsync<TeamView>(new CommandDefinition(
                "INSERT INTO teams (slug, name, created_at) VALUES (@slug, @name, @now) RETURNING id, slug, name, created_at",
                new { slug, name, now = clock.GetUtcNow() }, tx, cancellationToken: ct)), "slug", $"A team with slug '{slug}' already exists.");
            await AuditLog.WriteAsync(connection, tx, caller, team.Id, "teams", team.Id.ToString(), AuditAction.Create, null, team, ct);
            return team;
        }, ct);
    }

    public async Task<UserView> CreateUserAsync(Caller caller, CreateUserRequest request, CancellationToken ct)
    {
        RequireSuperAdmin(caller);
        var email = FieldRules.RequiredText("email", request.Email, 320).ToLowerInvariant();
        if (!email.Contains('@')) throw Problem.Invalid("email", "'email' must be an email address.").ToException();
        var displayName = FieldRules.BoundedText("display_name", request.DisplayName, 200) ?? "";
        return await WriteAsync(async (connection, tx) =>
        {
            var user = await InsertUniqueAsync(() => connection.QuerySingleAsync<UserView>(new CommandDefinition(
                """
                INSERT INTO users (email, display_name, is_super_admin, created_at) VALUES (@email, @displayName, @super, @now)
                RETURNING id, email, display_name, is_super_admin, created_at
                """, new { email, displayName, super = request.IsSuperAdmin, now = clock.GetUtcNow() }, tx, cancellationToken: ct)),
                "email", $"A user with email '{email}' already exists.");
            await AuditLog.WriteAsync(connection, tx, caller, null, "users", user.Id.ToString(), AuditAction.Create, null, user, ct);
            return user;
        }, ct);
    }

    public async Task<MembershipView> SetMembershipAsync(Caller caller, Guid teamId, Guid userId, SetMembershipRequest request, CancellationToken ct)
    {
        RequireSuperAdmin(caller);
        if (!TeamRoles.TryParse(request.Role, out var role))
            throw Problem.Invalid("role", "'role' must be one of viewer, developer, admin.").ToException();
        return await WriteAsync(async (connection, tx) =>
        {
            await RequireExistsAsync(connection, tx, "teams", "team", teamId, ct);
            await RequireExistsAsync(connection, tx, "users", "user", userId, ct);
            var before = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT role FROM memberships WHERE team_id = @teamId AND user_id = @userId", new { teamId, userId }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO memberships (team_id, user_id, role) VALUES (@teamId, @userId, @role)
                ON CONFLICT (team_id, user_id) DO UPDATE SET role = EXCLUDED.role
                """, new { teamId, userId, role = role.ToSlug() }, tx, cancellationToken: ct));
            var view = await connection.QuerySingleAsync<MembershipView>(new CommandDefinition(
                """
                SELECT m.team_id, t.slug AS team_slug, m.user_id, u.email, m.role FROM memberships m
                JOIN teams t ON t.id = m.team_id JOIN users u ON u.id = m.user_id WHERE m.team_id = @teamId AND m.user_id = @userId
                """, new { teamId, userId }, tx, cancellationToken: ct));
            await AuditLog.WriteAsync(connection, tx, caller, teamId, "memberships", $"{teamId}/{userId}",
                before is null ? AuditAction.Create : AuditAction.Update, before is null ? null : new { role = before }, view, ct);
            return view;
        }, ct);
    }

    public async Task RemoveMembershipAsync(Caller caller, Guid teamId, Guid userId, CancellationToken ct)
    {
        RequireSuperAdmin(caller);
        await WriteAsync(async (connection, tx) =>
        {
            var role = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "DELETE FROM memberships WHERE team_id = @teamId AND user_id = @userId RETURNING role", new { teamId, userId }, tx, cancellationToken: ct))
                ?? throw Problem.NotFound("membership", $"{teamId}/{userId}").ToException();
            await AuditLog.WriteAsync(connection, tx, caller, teamId, "memberships", $"{teamId}/{userId}", AuditAction.Delete, new { role }, null, ct);
            return true;
        }, ct);
    }

    public async Task<IssuedApiKey> IssueApiKeyAsync(Caller caller, Guid userId, IssueApiKeyRequest request, CancellationToken ct)
    {
        RequireSuperAdmin(caller);
        var name = FieldRules.BoundedText("name", request.Name, 200) ?? "";
        var key = ApiKeyHasher.NewKey();
        return await WriteAsync(async (connection, tx) =>
        {
            await RequireExistsAsync(connection, tx, "users", "user", userId, ct);
            var id = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
                "INSERT INTO api_keys (user_id, name, prefix, key_hash, created_at) VALUES (@userId, @name, @prefix, @hash, @now) RETURNING id",
                new { userId, name, prefix = ApiKeyHasher.DisplayPrefix(key), hash = hasher.Hash(key), now = clock.GetUtcNow() }, tx, cancellationToken: ct));
            var issued = new IssuedApiKey(id, userId, name, ApiKeyHasher.DisplayPrefix(key), key);
            await AuditLog.WriteAsync(connection, tx, caller, null, "api_keys", id.ToString(), AuditAction.Create, null, issued with { Key = "***" }, ct);
            return issued;
        }, ct);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync(Caller caller, Guid userId, CancellationToken ct)
    {
        if (!caller.IsSuperAdmin && caller.UserId != userId) throw Problem.NotFound("user", userId).ToException();
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ApiKeyView>(new CommandDefinition(
            "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys WHERE user_id = @userId ORDER BY created_at",
            new { userId }, cancellationToken: ct))).AsList();
    }

    public async Task RevokeApiKeyAsync(Caller caller, Guid keyId, CancellationToken ct)
    {
        RequireSuperAdmin(caller);
        await WriteAsync(async (connection, tx) =>
        {
            var revoked = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE api_keys SET revoked_at = @now WHERE id = @keyId AND revoked_at IS NULL", new { keyId, now = clock.GetUtcNow() }, tx, cancellationToken: ct));
            if (revoked == 0) throw Problem.NotFound("API key", keyId).ToException();
            await AuditLog.WriteAsync(connection, tx, caller, null, "api_keys", keyId.ToString(), AuditAction.Update, null, new { revoked = true }, ct);
            return true;
        }, ct);
    }

    private static void RequireSuperAdmin(Caller caller)
    {
        if (!caller.IsSuperAdmin) throw Problem.Forbidden("Only super admins manage teams, users, memberships and API keys.").ToException();
    }

    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    private static async Task<T> InsertUniqueAsync<T>(Func<Task<T>> insert, string field, string detail)
    {
        try { return await insert(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw Problem.Conflict("Already exists", detail, new Dictionary<string, object?> { ["field"] = field }).ToException();
        }
    }

    private static async Task RequireExistsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table, string what, Guid id, CancellationToken ct)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = @id)", new { id }, tx, cancellationToken: ct));
        if (!exists) throw Problem.NotFound(what, id).ToException();
    }
}

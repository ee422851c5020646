using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Audit;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Security;

namespace TrustedOss.Pipeline.Projects;

/// <summary>
/// Project CRUD with team scoping: another team's project is reported as not found. Viewers read,
/// developers create and edit, admins delete. Every write is audited in the same transaction.
/// </summary>
public sealed class ProjectService(NpgsqlDataSource db, GitOptions gitOptions, TimeProvider clock)
{
    private const string SelectView =
        """
        SELECT p.id, p.team_id, t.slug AS team_slug, p.name, p.slug, NULLIF(p.git_url_display, '') AS git_url, p.default_branch, p.created_at, p.updated_at,
               last.id AS last_scan_id, last.status AS last_scan_status, COALESCE(last.completed_at, last.started_at, last.created_at) AS last_scan_at,
               counts.component_count, counts.vulnerability_count
        FROM projects p JOIN teams t ON t.id = p.team_id
        LEFT JOIN LATERAL (SELECT s.id, s.status, s.created_at, s.started_at, s.completed_at FROM scans s
                           WHERE s.project_id = p.id ORDER BY s.created_at DESC LIMIT 1) last ON true
        LEFT JOIN LATERAL (
            -- What the findings routes show: the latest succeeded scan of each kind (null before the first one).
            SELECT (SELECT count(DISTINCT sc.component_id) FROM scan_components sc WHERE sc.scan_id = ANY(latest.ids))::int AS component_count,
                   (SELECT count(*) FROM vulnerability_findings v WHERE v.scan_id = ANY(latest.ids))::int AS vulnerability_count
            FROM (SELECT array_agg(k.id) AS ids FROM (SELECT DISTINCT ON (s.kind) s.id FROM scans s
                  WHERE s.project_id = p.id AND s.status = 'succeeded' ORDER BY s.kind, s.completed_at DESC) k) latest
            WHERE latest.ids IS NOT NULL) counts ON true
        """;

    public async Task<IReadOnlyList<ProjectView>> ListAsync(Caller caller, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ProjectView>(new CommandDefinition(
            SelectView + " WHERE @all OR p.team_id = ANY(@teams) ORDER BY t.slug, p.slug",
            new { all = caller.IsSuperAdmin, teams = caller.Roles.Keys.ToArray() }, cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<ProjectView> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await FindVisibleAsync(connection, null, caller, id, ct);
    }

    /// <summary>The project's fetch coordinates for the pipeline, after the same visibility check.</summary>
    public async Task<ProjectSource> GetSourceAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var view = await FindVisibleAsync(connection, null, caller, id, ct);
        var gitUrl = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT git_url FROM projects WHERE id = @id", new { id }, cancellationToken: ct));
        return new ProjectSource(view.Id, view.TeamId, gitUrl, view.DefaultBranch);
    }

    public async Task<ProjectView> CreateAsync(Caller caller, CreateProjectRequest request, CancellationToken ct)
    {
        var name = FieldRules.RequiredText("name", request.Name, 200);
        var slug = FieldRules.Slug("slug", request.Slug ?? FieldRules.SlugFrom(name));
        var gitUrl = NormalizeGitUrl(request.GitUrl);
        var branch = ValidateBranch(request.DefaultBranch ?? "main");

        await using var connection = await db.OpenConnectionAsync(ct);
        var teamId = await ResolveTeamForCreateAsync(connection, caller, request.Team, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO projects (id, team_id, name, slug, git_url, git_url_display, default_branch, created_at, updated_at)
                VALUES (@id, @teamId, @name, @slug, @gitUrl, @display, @branch, @now, @now)
                """,
                new { id, teamId, name, slug, gitUrl, display = DisplayUrl(gitUrl), branch, now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw Problem.Conflict("Project slug already used", $"Team already has a project with slug '{slug}'.", new Dictionary<string, object?> { ["field"] = "slug" }).ToException();
        }
        var created = await FindVisibleAsync(connection, tx, caller, id, ct);
        await AuditLog.WriteAsync(connection, tx, caller, teamId, "projects", id.ToString(), AuditAction.Create, null, created, ct);
        await tx.CommitAsync(ct);
        return created;
    }

    public async Task<ProjectView> UpdateAsync(Caller caller, Guid id, UpdateProjectRequest request, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var before = await FindVisibleAsync(connection, tx, caller, id, ct, forUpdate: true);
        RequireRole(caller, before.TeamId, TeamRole.Developer, "edit projects");

        var name = request.Name is null ? before.Name : FieldRules.RequiredText("name", request.Name, 200);
        var slug = request.Slug is null ? before.Slug : FieldRules.Slug("slug", request.Slug);
        var branch = request.DefaultBranch is null ? before.DefaultBranch : ValidateBranch(request.DefaultBranch);
        var changeUrl = request.GitUrl is not null;
        var gitUrl = changeUrl ? NormalizeGitUrl(request.GitUrl) : null;
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE projects SET name = @name, slug = @slug, default_branch = @branch, updated_at = @now,
                    git_url = CASE WHEN @changeUrl THEN @gitUrl ELSE git_url END,
                    git_url_display = CASE WHEN @changeUrl THEN @display ELSE git_url_display END
                WHERE id = @id
                """,
                new { id, name, slug, branch, changeUrl, gitUrl, display = DisplayUrl(gitUrl), now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw Problem.Conflict("Project slug already used", $"Team already has a project with slug '{slug}'.", new Dictionary<string, object?> { ["field"] = "slug" }).ToException();
        }
        var after = await FindVisibleAsync(connection, tx, caller, id, ct);
        await AuditLog.WriteAsync(connection, tx, caller, before.TeamId, "projects", id.ToString(), AuditAction.Update, before, after, ct);
        await tx.CommitAsync(ct);
        return after;
    }

    public async Task DeleteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var before = await FindVisibleAsync(connection, tx, caller, id, ct, forUpdate: true);
        RequireRole(caller, before.TeamId, TeamRole.Admin, "delete projects");
        var active = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM scans WHERE project_id = @id AND status IN ('queued','running') LIMIT 1", new { id }, tx, cancellationToken: ct));
        if (active is { } scanId)
            throw Problem.Conflict("Project has an active scan", "Cancel the project's queued or running scan before deleting it.",
                new Dictionary<string, object?> { ["scan_already_in_progress"] = true, ["active_scan_id"] = scanId }).ToException();
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM projects WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, tx, caller, before.TeamId, "projects", id.ToString(), AuditAction.Delete, before, null, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<ProjectView> FindVisibleAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Caller caller, Guid id, CancellationToken ct, bool forUpdate = false)
    {
        var view = await connection.QuerySingleOrDefaultAsync<ProjectView>(new CommandDefinition(
            SelectView + " WHERE p.id = @id" + (forUpdate ? " FOR UPDATE OF p" : ""), new { id }, tx, cancellationToken: ct));
        if (view is null || !caller.CanSee(view.TeamId)) throw Problem.NotFound("project", id).ToException();
        return view;
    }

    private static async Task<Guid> ResolveTeamForCreateAsync(NpgsqlConnection connection, Caller caller, string? team, CancellationToken ct)
    {
        if (team is null)
        {
            var writable = caller.Roles.Where(r => r.Value >= TeamRole.Developer).Select(r => r.Key).ToArray();
            if (writable.Length == 1) return writable[0];
            throw Problem.Invalid("team", writable.Length == 0
                ? "You are not a developer on any team; name the team (id or slug) to create the project in."
                : "You belong to several teams; name the team (id or slug) to create the project in.").ToException();
        }
        var teamId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM teams WHERE slug = @team OR id::text = @team", new { team }, cancellationToken: ct));
        if (teamId is not { } found || !caller.CanSee(found)) throw Problem.Invalid("team", $"No team '{team}' that you are a member of.").ToException();
        RequireRole(caller, found, TeamRole.Developer, "create projects");
        return found;
    }

    private static void RequireRole(Caller caller, Guid teamId, TeamRole role, string action)
    {
        if (!caller.Has(teamId, role))
            throw Problem.Forbidden($"You need the {role.ToSlug()} role on the project's team to {action}.").ToException();
    }

    /// <summary>What the API shows of a git URL: userinfo masked; no URL stays null (not "").</summary>
    private static string? DisplayUrl(string? gitUrl) => gitUrl is null ? null : CredentialRedactor.MaskUrl(gitUrl);

    private string? NormalizeGitUrl(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var validation = GitUrlValidator.Validate(value, gitOptions.AllowedSchemes);
        if (!validation.IsValid) throw Problem.Invalid("git_url", validation.Error!).ToException();
        return value;
    }

    private static string ValidateBranch(string value)
    {
        var error = BranchNameValidator.Validate(value);
        if (error is not null) throw Problem.Invalid("default_branch", error).ToException();
        return value;
    }
}

using System.Text;
using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Projects;
using TrustedOss.Pipeline.Teams;

namespace TrustedOss.Pipeline.Seeding;

/// <summary>
/// `./dev up`'s first-run data: a super admin, teams `demo` and `other` with a developer each, and the
/// `demo-app` project. Keys exist only in the env file it writes (the DB holds hashes), so it seeds
/// once and, when the env file was lost, issues fresh keys for the same users.
/// </summary>
public sealed class DemoSeeder(NpgsqlDataSource db, MigrationRunner migrations, TeamAdminService admin, ProjectService projects)
{
    public sealed record Result(bool Created, string EnvFileContent);

    public async Task<Result> SeedAsync(string gitUrl, string baseUrl, string envFile, CancellationToken ct)
    {
        await migrations.ApplyAsync(ct);
        if (File.Exists(envFile) && await TeamExistsAsync("demo", ct))
            return new Result(false, await File.ReadAllTextAsync(envFile, ct));

        var system = Caller.System;
        var adminUser = await EnsureUserAsync("admin@trustedoss.local", "Super admin", superAdmin: true, ct);
        var demoTeam = await EnsureTeamAsync("demo", "Demo", ct);
        var otherTeam = await EnsureTeamAsync("other", "Other team", ct);
        var demoDev = await EnsureUserAsync("developer@demo.local", "Demo developer", superAdmin: false, ct);
        var otherDev = await EnsureUserAsync("developer@other.local", "Other-team developer", superAdmin: false, ct);
        await admin.SetMembershipAsync(system, demoTeam, demoDev, new SetMembershipRequest("developer"), ct);
        await admin.SetMembershipAsync(system, otherTeam, otherDev, new SetMembershipRequest("developer"), ct);

        var projectId = await FindProjectAsync(demoTeam, "demo-app", ct)
            ?? (await projects.CreateAsync(system, new CreateProjectRequest("demo-app", "demo-app", gitUrl, "main", "demo"), ct)).Id;

        var env = new StringBuilder()
            .AppendLine($"export BASE_URL={baseUrl}")
            .AppendLine($"export TRUSTEDOSS_API_KEY={(await admin.IssueApiKeyAsync(system, demoDev, new IssueApiKeyRequest("demo"), ct)).Key}")
            .AppendLine($"export OTHER_TEAM_API_KEY={(await admin.IssueApiKeyAsync(system, otherDev, new IssueApiKeyRequest("demo"), ct)).Key}")
            .AppendLine($"export ADMIN_API_KEY={(await admin.IssueApiKeyAsync(system, adminUser, new IssueApiKeyRequest("demo"), ct)).Key}")
            .AppendLine($"export PROJECT_ID={projectId}")
            .ToString();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(envFile))!);
        await File.WriteAllTextAsync(envFile, env, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new Result(true, env);
    }

    private async Task<bool> TeamExistsAsync(string slug, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM teams WHERE slug = @slug)", new { slug }, cancellationToken: ct));
    }

    private async Task<Guid> EnsureTeamAsync(string slug, string name, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var id = await c.ExecuteScalarAsync<Guid?>(new CommandDefinition("SELECT id FROM teams WHERE slug = @slug", new { slug }, cancellationToken: ct));
        return id ?? (await admin.CreateTeamAsync(Caller.System, new CreateTeamRequest(slug, name), ct)).Id;
    }

    private async Task<Guid> EnsureUserAsync(string email, string name, bool superAdmin, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var id = await c.ExecuteScalarAsync<Guid?>(new CommandDefinition("SELECT id FROM users WHERE email = @email", new { email }, cancellationToken: ct));
        return id ?? (await admin.CreateUserAsync(Caller.System, new CreateUserRequest(email, name, superAdmin), ct)).Id;
    }

    private async Task<Guid?> FindProjectAsync(Guid teamId, string slug, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<Guid?>(new CommandDefinition("SELECT id FROM projects WHERE team_id = @teamId AND slug = @slug", new { teamId, slug }, cancellationToken: ct));
    }
}

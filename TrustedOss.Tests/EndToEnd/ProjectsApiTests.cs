using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.EndToEnd;

public sealed class ProjectsApiTests(SelfHostServer server) : IClassFixture<SelfHostServer>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_request_without_a_key_or_with_a_wrong_key_is_401_problem_json()
    {
        await ProblemAssert.IsProblemAsync(await server.Client().GetAsync("/v1/projects"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await server.Client("tos_not-a-real-key").GetAsync("/v1/projects"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_developer_creates_reads_updates_and_lists_projects_of_their_team()
    {
        var dev = await server.NewMemberAsync("developer");
        var client = server.Client(dev.Key);

        var created = await BodyAsync(await client.PostAsync("/v1/projects", Json("""{"name":"Portal Web","git_url":"https://github.com/org/portal.git","default_branch":"main"}""")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        Assert.Equal("portal-web", created.GetProperty("slug").GetString());
        Assert.Equal(dev.TeamId.ToString(), created.GetProperty("team_id").GetString());

        var updated = await BodyAsync(await client.PatchAsync($"/v1/projects/{id}", Json("""{"default_branch":"develop"}""")), HttpStatusCode.OK);
        Assert.Equal("develop", updated.GetProperty("default_branch").GetString());
        Assert.Equal("Portal Web", updated.GetProperty("name").GetString());

        var list = await BodyAsync(await client.GetAsync("/v1/projects"), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        await using var c = await server.Database.DataSource.OpenConnectionAsync();
        var actions = await c.QueryAsync<string>("SELECT action FROM audit_logs WHERE target_table = 'projects' AND target_id = @id ORDER BY id", new { id });
        Assert.Equal(["create", "update"], actions);
    }

    [Fact]
    public async Task A_project_without_a_git_url_reads_git_url_null_and_clearing_the_url_makes_it_null_again()
    {
        var client = server.Client((await server.NewMemberAsync("developer")).Key);

        var created = await BodyAsync(await client.PostAsync("/v1/projects", Json("""{"name":"images only"}""")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        Assert.Equal(JsonValueKind.Null, created.GetProperty("git_url").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await BodyAsync(await client.GetAsync($"/v1/projects/{id}"), HttpStatusCode.OK)).GetProperty("git_url").ValueKind);
        var listed = Assert.Single((await BodyAsync(await client.GetAsync("/v1/projects"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("git_url").ValueKind);

        var set = await BodyAsync(await client.PatchAsync($"/v1/projects/{id}", Json("""{"git_url":"https://github.com/org/images.git"}""")), HttpStatusCode.OK);
        Assert.Equal("https://github.com/org/images.git", set.GetProperty("git_url").GetString());
        var cleared = await BodyAsync(await client.PatchAsync($"/v1/projects/{id}", Json("""{"git_url":""}""")), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("git_url").ValueKind);
    }

    [Fact]
    public async Task A_credentialed_git_url_is_masked_in_every_response_audit_row_and_log_line()
    {
        var dev = await server.NewMemberAsync("developer");
        var client = server.Client(dev.Key);
        const string secret = "ghp_S3cretTokenValue123";

        var created = await BodyAsync(await client.PostAsync("/v1/projects", Json($$"""{"name":"private","git_url":"https://user:{{secret}}@git.example.com/org/private.git"}""")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var bodies = new[]
        {
            created.GetRawText(),
            await client.GetStringAsync($"/v1/projects/{id}"),
            await client.GetStringAsync("/v1/projects"),
            await (await client.PatchAsync($"/v1/projects/{id}", Json("""{"name":"private-2"}"""))).Content.ReadAsStringAsync(),
        };

        Assert.Equal("https://***@git.example.com/org/private.git", created.GetProperty("git_url").GetString());
        Assert.All(bodies, b => Assert.DoesNotContain(secret, b));
        await using var c = await server.Database.DataSource.OpenConnectionAsync();
        var audit = await c.QueryAsync<string>("SELECT coalesce(before::text, '') || coalesce(after::text, '') FROM audit_logs WHERE target_id = @id", new { id });
        Assert.All(audit, a => Assert.DoesNotContain(secret, a));
        Assert.True(await c.ExecuteScalarAsync<bool>("SELECT git_url LIKE '%' || @secret || '%' FROM projects WHERE id = @id::uuid", new { secret, id }), "the real URL is kept for cloning");
        lock (server.LogLines) Assert.All(server.LogLines, l => Assert.DoesNotContain(secret, l));
    }

    [Fact]
    public async Task Another_teams_project_is_404_for_read_update_and_delete_like_a_missing_one()
    {
        var owner = await server.NewMemberAsync("admin");
        var stranger = await server.NewMemberAsync("admin");
        var created = await BodyAsync(await server.Client(owner.Key).PostAsync("/v1/projects", Json("""{"name":"secret-project"}""")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var client = server.Client(stranger.Key);

        var get = await ProblemAssert.IsProblemAsync(await client.GetAsync($"/v1/projects/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.PatchAsync($"/v1/projects/{id}", Json("""{"name":"mine"}""")), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/v1/projects/{id}"), HttpStatusCode.NotFound);
        var missing = await ProblemAssert.IsProblemAsync(await client.GetAsync($"/v1/projects/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        Assert.Equal(missing.GetProperty("title").GetString(), get.GetProperty("title").GetString());
        Assert.Empty((await BodyAsync(await client.GetAsync("/v1/projects"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal("secret-project", (await BodyAsync(await server.Client(owner.Key).GetAsync($"/v1/projects/{id}"), HttpStatusCode.OK)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_viewer_may_read_but_not_create_and_a_developer_may_not_delete()
    {
        var dev = await server.NewMemberAsync("developer");
        var viewer = await server.NewMemberAsync("viewer", dev.TeamId);
        var id = (await BodyAsync(await server.Client(dev.Key).PostAsync("/v1/projects", Json("""{"name":"p"}""")), HttpStatusCode.Created)).GetProperty("id").GetString();

        await BodyAsync(await server.Client(viewer.Key).GetAsync($"/v1/projects/{id}"), HttpStatusCode.OK);
        await ProblemAssert.IsProblemAsync(await server.Client(viewer.Key).PostAsync("/v1/projects", Json($$"""{"name":"q","team":"{{dev.TeamId}}"}""")), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await server.Client(dev.Key).DeleteAsync($"/v1/projects/{id}"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"name": "x",""", HttpStatusCode.BadRequest, null)]
    [InlineData("""not json""", HttpStatusCode.BadRequest, null)]
    [InlineData("""{"name": 42}""", HttpStatusCode.UnprocessableEntity, "name")]
    [InlineData("""{"name": "x", "colour": "red"}""", HttpStatusCode.UnprocessableEntity, "colour")]
    [InlineData("""{"name": ""}""", HttpStatusCode.UnprocessableEntity, "name")]
    [InlineData("""{"name": "x", "slug": "Not A Slug"}""", HttpStatusCode.UnprocessableEntity, "slug")]
    [InlineData("""{"name": "x", "git_url": "https://example.com/repo.git;rm -rf /"}""", HttpStatusCode.UnprocessableEntity, "git_url")]
    [InlineData("""{"name": "x", "git_url": "--upload-pack=touch /tmp/pwned"}""", HttpStatusCode.UnprocessableEntity, "git_url")]
    [InlineData("""{"name": "x", "git_url": "ftp://example.com/repo.git"}""", HttpStatusCode.UnprocessableEntity, "git_url")]
    [InlineData("""{"name": "x", "default_branch": "-f"}""", HttpStatusCode.UnprocessableEntity, "default_branch")]
    [InlineData("""{"name": "x", "default_branch": "a..b"}""", HttpStatusCode.UnprocessableEntity, "default_branch")]
    public async Task Bad_project_bodies_get_a_problem_naming_the_field_and_create_nothing(string body, HttpStatusCode status, string? field)
    {
        var dev = await server.NewMemberAsync("developer");

        await ProblemAssert.IsProblemAsync(await server.Client(dev.Key).PostAsync("/v1/projects", Json(body)), status, field);

        await using var c = await server.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM projects WHERE team_id = @TeamId", new { dev.TeamId }));
    }

    [Fact]
    public async Task Over_long_names_wrong_media_types_unknown_routes_and_non_uuid_ids_are_problems()
    {
        var dev = await server.NewMemberAsync("developer");
        var client = server.Client(dev.Key);

        var tooLong = await ProblemAssert.IsProblemAsync(await client.PostAsync("/v1/projects", Json($$"""{"name":"{{new string('n', 201)}}"}""")), HttpStatusCode.UnprocessableEntity, "name");
        Assert.Contains("200", tooLong.GetProperty("detail").GetString());
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/v1/projects", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/v1/projects/not-a-uuid"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/v1/nothing-here"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task File_git_urls_are_refused_unless_the_setting_allows_them()
    {
        await using var strict = SelfHostServer.With(new() { ["GIT_ALLOWED_SCHEMES"] = "https,ssh" });
        await strict.InitializeAsync();
        var dev = await strict.NewMemberAsync("developer");

        var problem = await ProblemAssert.IsProblemAsync(await strict.Client(dev.Key).PostAsync("/v1/projects", Json("""{"name":"x","git_url":"file:///srv/repo.git"}""")), HttpStatusCode.UnprocessableEntity, "git_url");
        Assert.Contains("GIT_ALLOWED_SCHEMES", problem.GetProperty("detail").GetString());

        var devHere = await server.NewMemberAsync("developer");
        await BodyAsync(await server.Client(devHere.Key).PostAsync("/v1/projects", Json("""{"name":"x","git_url":"file:///srv/repo.git"}""")), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Only_super_admins_manage_teams_users_and_keys()
    {
        var admin = await server.NewMemberAsync("admin");
        var root = await server.NewSuperAdminKeyAsync();

        await ProblemAssert.IsProblemAsync(await server.Client(admin.Key).PostAsync("/v1/teams", Json("""{"slug":"x","name":"X"}""")), HttpStatusCode.Forbidden);
        var team = await BodyAsync(await server.Client(root).PostAsync("/v1/teams", Json("""{"slug":"payments","name":"Payments"}""")), HttpStatusCode.Created);
        var user = await BodyAsync(await server.Client(root).PostAsync("/v1/users", Json("""{"email":"dev@payments.test"}""")), HttpStatusCode.Created);
        var teamId = team.GetProperty("id").GetString();
        var userId = user.GetProperty("id").GetString();
        await BodyAsync(await server.Client(root).PutAsync($"/v1/teams/{teamId}/members/{userId}", Json("""{"role":"developer"}""")), HttpStatusCode.OK);
        var key = await BodyAsync(await server.Client(root).PostAsync($"/v1/users/{userId}/api-keys", Json("""{"name":"ci"}""")), HttpStatusCode.Created);

        var me = await BodyAsync(await server.Client(key.GetProperty("key").GetString()).GetAsync("/v1/me"), HttpStatusCode.OK);
        Assert.Equal("developer", Assert.Single(me.GetProperty("teams").EnumerateArray()).GetProperty("role").GetString());
        await ProblemAssert.IsProblemAsync(await server.Client(root).PutAsync($"/v1/teams/{teamId}/members/{userId}", Json("""{"role":"owner"}""")), HttpStatusCode.UnprocessableEntity, "role");

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client(root).DeleteAsync($"/v1/api-keys/{key.GetProperty("id").GetString()}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await server.Client(key.GetProperty("key").GetString()).GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
    }
}

using System.Text.Json.Nodes;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Infra;

/// <summary>The two images (infra/images): pinned tools, non-root, a health check, no secrets, the same pins.</summary>
public sealed class DockerfileTests
{
    private static string ImagesDir => Path.Combine(RepoPaths.RepoRoot, "infra", "images");
    private static Dockerfile Functions => Dockerfile.Load(Path.Combine(ImagesDir, "functions.Dockerfile"));
    private static Dockerfile SelfHost => Dockerfile.Load(Path.Combine(ImagesDir, "selfhost.Dockerfile"));

    public static TheoryData<string> Images => new("functions.Dockerfile", "selfhost.Dockerfile");

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_pins_every_tool_runs_as_non_root_has_a_health_check_and_no_secret(string name)
    {
        var file = Dockerfile.Load(Path.Combine(ImagesDir, name));

        Assert.True(file.All("FROM").Count() >= 4, $"{name}: expected the publish, tools, trivy and final stages");
        Assert.Empty(DockerfileRules.Violations(file));
    }

    [Fact]
    public void The_function_host_image_starts_from_the_official_Functions_dotnet_isolated_image()
    {
        var final = Functions.InFinalStage.First();

        Assert.Equal("FROM", final.Keyword);
        Assert.StartsWith("mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0", final.Arguments);
        Assert.Contains(Functions.InFinalStage, i => i.Keyword == "COPY" && i.Arguments.EndsWith("/home/site/wwwroot", StringComparison.Ordinal));
    }

    [Fact]
    public void The_self_host_image_runs_the_assembly_directly()
    {
        Assert.Equal("""["dotnet", "TrustedOss.Functions.dll"]""", Assert.Single(SelfHost.All("ENTRYPOINT")).Arguments);
    }

    [Fact]
    public void Both_images_carry_the_same_pinned_tool_versions()
    {
        var functions = DockerfileRules.ToolPins(Functions);
        var selfHost = DockerfileRules.ToolPins(SelfHost);

        Assert.Equal(functions.OrderBy(kv => kv.Key), selfHost.OrderBy(kv => kv.Key));
        Assert.Matches(@"^\d+\.\d+\.\d+$", functions["trivy"]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", functions["scancode-toolkit"]);
        Assert.Matches(@"^\d+\.\d+\.\d+-", functions["node"]);
        Assert.Matches(@"^\d+\.\d+\.\d+-", functions["dotnet-sdk"]);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Cdxgen_and_the_SPDX_texts_come_from_the_repositorys_lock_file(string name)
    {
        var file = Dockerfile.Load(Path.Combine(ImagesDir, name));
        var tools = Path.Combine(RepoPaths.RepoRoot, ".tools");
        var pinned = JsonNode.Parse(File.ReadAllText(Path.Combine(tools, "package.json")))!["dependencies"]!["@cyclonedx/cdxgen"]!.ToString();
        var locked = JsonNode.Parse(File.ReadAllText(Path.Combine(tools, "package-lock.json")))!["packages"]!["node_modules/@cyclonedx/cdxgen"]!["version"]!.ToString();

        Assert.Contains(file.All("COPY"), c => c.Arguments.StartsWith(".tools/package.json .tools/package-lock.json ", StringComparison.Ordinal));
        Assert.Contains(file.All("RUN"), r => r.Arguments.StartsWith("npm ci ", StringComparison.Ordinal));
        Assert.Equal(pinned, locked);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_builds_the_web_page_from_its_lock_file_before_publishing_the_app(string name)
    {
        // The app's project links ../web/dist/** into wwwroot when it is evaluated, so dist must be in
        // place before `dotnet publish`; without it the image would serve the API but no page.
        var file = Dockerfile.Load(Path.Combine(ImagesDir, name));
        var web = file.All("FROM").Single(f => f.Arguments.EndsWith(" AS web", StringComparison.Ordinal)).Stage;
        var inWeb = file.Instructions.Where(i => i.Stage == web).ToArray();
        Assert.Contains(inWeb, i => i.Keyword == "COPY" && i.Arguments == "web/package.json web/package-lock.json ./");
        Assert.Contains(inWeb, i => i.Keyword == "RUN" && i.Arguments.StartsWith("npm ci ", StringComparison.Ordinal));
        Assert.Contains(inWeb, i => i.Keyword == "RUN" && i.Arguments == "npm run build");
        Assert.Equal("tsc --noEmit -p . && vite build",
            JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "web", "package.json")))!["scripts"]!["build"]!.ToString());

        var publish = file.All("RUN").Single(r => r.Arguments.StartsWith("dotnet publish ", StringComparison.Ordinal));
        var copyDist = file.All("COPY").Single(c => c.Arguments.StartsWith("--from=web ", StringComparison.Ordinal));
        Assert.Equal("--from=web /src/web/dist web/dist/", copyDist.Arguments);
        Assert.Equal(publish.Stage, copyDist.Stage);
        Assert.True(copyDist.Line < publish.Line, $"{name}: web/dist must be copied before dotnet publish");
        Assert.Contains(file.Instructions, i => i.Stage == publish.Stage && i.Keyword == "WORKDIR" && i.Arguments == "/src");

        // A local web/dist or node_modules never leaks into the build context.
        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.RepoRoot, ".dockerignore"));
        Assert.Contains("web/node_modules", ignored);
        Assert.Contains("web/dist", ignored);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_fixes_every_setting_declared_as_an_image_property(string name)
    {
        var env = Dockerfile.Load(Path.Combine(ImagesDir, name)).FinalEnvironment;

        Assert.NotEmpty(AppSettingsCatalog.ImageSettings);
        Assert.All(AppSettingsCatalog.ImageSettings, key =>
            Assert.True(env.TryGetValue(key, out var value) && value.StartsWith('/'),
                $"{name} must set {key} to an absolute path in its final stage (infra/settings-not-on-function-app.json declares it an image property)."));
        Assert.StartsWith(env["TOOLS_DIR"] + "/", env["CDXGEN_PATH"]);
        Assert.StartsWith(env["TOOLS_DIR"] + "/", env["SPDX_LICENSE_LIST_DIR"]);
    }

    [Fact]
    public void The_rules_catch_unpinned_tools_root_and_baked_secrets()
    {
        var bad = Dockerfile.Parse("bad.Dockerfile", """
            FROM node:latest AS tools
            RUN npm i -g @cyclonedx/cdxgen && npm install
            FROM mcr.microsoft.com/azure-functions/dotnet-isolated
            # a comment \
            RUN pip install scancode-toolkit \
             && curl -sSL https://example.invalid/trivy.tgz | tar xz
            COPY --from=aquasec/trivy /usr/local/bin/trivy /usr/local/bin/trivy
            ENV API_KEY_PEPPER=hunter2 POSTGRES_CONNECTION_STRING="Host=db;Password=x"
            USER root
            """);

        var violations = DockerfileRules.Violations(bad);

        string[] expected =
        [
            "node:latest uses the latest tag",
            "npm package @cyclonedx/cdxgen is not pinned",
            "`npm install` resolves versions afresh",
            "mcr.microsoft.com/azure-functions/dotnet-isolated has no tag or digest",
            "pip package scancode-toolkit is not pinned",
            "`curl` downloads something",
            "aquasec/trivy has no tag or digest",
            "API_KEY_PEPPER looks like a secret",
            "POSTGRES_CONNECTION_STRING holds a credential",
            "must run as a non-root user",
            "no HEALTHCHECK",
        ];
        Assert.All(expected, e => Assert.Contains(violations, v => v.Contains(e, StringComparison.Ordinal)));
    }
}

using System.Net;
using System.Text.Json;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.EndToEnd.CommandLine;

[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliFixture>
{
    public const string Name = "trustedoss CLI against the self-host process";
}

/// <summary>
/// The self-host as a separate process with the trivy test DB, a developer of one team, and three projects: the demo
/// app (minimist 1.2.5, CVE-2021-44906), a license fixture whose <c>main</c> is clean and whose <c>develop</c> adds a
/// GPL-3.0-only dependency (the forbidden tier of legal-tiers.json), and a spare for cancel and 409 checks. The slow
/// scans run once, when a test first asks, and are shared: the CLI only reads them afterwards. Registry credentials
/// and plain HTTP on loopback are configured for <c>--image-ref</c> pulls from a test <see cref="OciLayoutRegistry"/>.
/// </summary>
public sealed class CliFixture : SelfHostProcessFixture, IAsyncLifetime
{
    public const string RegistryUsername = "robot";
    public static readonly string RegistryPassword = "cli-" + Guid.NewGuid().ToString("N");

    private Lazy<Task<(CliProcess.Result Scan, CliProcess.Result Watch)>>? firstDemoScan;
    private Lazy<Task<CliProcess.Result>>? secondDemoScan, cleanScan, forbiddenScan;

    public SelfHostApi.Member Developer { get; private set; } = null!;

    public string DemoCheckout => Path.Combine(Scratch, "repos", "demo");

    public string LicenseCheckout => Path.Combine(Scratch, "repos", "license");

    public string DevelopSha { get; private set; } = "";

    public IReadOnlyDictionary<string, string?> Env => CliProcess.Environment(Process.BaseAddress, Developer.Key);

    public Task<CliProcess.Result> RunAsync(params string[] arguments) => CliProcess.RunAsync(Env, DemoCheckout, arguments);

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["REGISTRY_USERNAME"] = RegistryUsername,
        ["REGISTRY_PASSWORD"] = RegistryPassword,
        ["REGISTRY_INSECURE_HOSTS"] = "127.0.0.1", // the test registry speaks plain HTTP on loopback
    };

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TrivyTestDb.WriteAsync(TrivyCacheDir);
        Developer = await Api.NewMemberAsync("developer");
        await new GitRepoBuilder(DemoCheckout).WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app")).BuildAsync();
        var license = new GitRepoBuilder(LicenseCheckout).WithFile("package.json", PackageJson(false)).WithFile("package-lock.json", PackageLock(false));
        await license.BuildAsync();
        DevelopSha = await license.AddBranchAsync("develop", new Dictionary<string, string>
        {
            ["package.json"] = PackageJson(true),
            ["package-lock.json"] = PackageLock(true),
        });
        using var client = Api.Client(Developer.Key);
        foreach (var (slug, repo) in new[] { ("cli-demo", DemoCheckout), ("cli-license", LicenseCheckout), ("cli-spare", DemoCheckout) })
            await SelfHostApi.SendAsync(client, HttpMethod.Post, "/v1/projects",
                $$"""{"name":"{{slug}}","slug":"{{slug}}","git_url":"file://{{repo}}","default_branch":"main"}""", HttpStatusCode.Created);

        // Each scan waits for the one before it on the same project (one active scan per project).
        // The watcher starts right after the trigger, so it follows the scan live (git and cdxgen take seconds).
        firstDemoScan = new(async () =>
        {
            var scan = await RunAsync("scan", "--project", "cli-demo");
            return (scan, await RunAsync("watch", scan.Stdout.Trim()));
        });
        secondDemoScan = new(async () =>
        {
            await WaitForFirstDemoScanAsync();
            return await RunAsync("scan", "--project", "cli-demo", "--wait", "--poll");
        });
        cleanScan = new(() => RunAsync("scan", "--project", "cli-license", "--wait"));
        forbiddenScan = new(async () =>
        {
            await cleanScan.Value;
            return await RunAsync("scan", "--project", "cli-license", "--ref", "develop", "--wait");
        });
    }

    /// <summary><c>trustedoss scan --project cli-demo</c> without waiting (stdout: the queued scan's id), then <c>trustedoss watch</c> on it.</summary>
    public Task<(CliProcess.Result Scan, CliProcess.Result Watch)> FirstDemoScanAsync() => firstDemoScan!.Value;

    public async Task<string> WaitForFirstDemoScanAsync()
    {
        var id = (await FirstDemoScanAsync()).Scan.Stdout.Trim();
        using var client = Api.Client(Developer.Key);
        await SelfHostApi.WaitForTerminalAsync(client, id, TimeSpan.FromMinutes(4));
        return id;
    }

    /// <summary><c>trustedoss scan --project cli-demo --wait --poll</c>, after the first demo scan ended.</summary>
    public Task<CliProcess.Result> SecondDemoScanAsync() => secondDemoScan!.Value;

    /// <summary><c>trustedoss scan --project cli-license --wait</c>: the clean main branch.</summary>
    public Task<CliProcess.Result> CleanScanAsync() => cleanScan!.Value;

    /// <summary><c>trustedoss scan --project cli-license --ref develop --wait</c>: adds a GPL-3.0-only dependency.</summary>
    public Task<CliProcess.Result> ForbiddenScanAsync() => forbiddenScan!.Value;

    public async Task<JsonElement> ScanAsync(string scanId)
    {
        using var client = Api.Client(Developer.Key);
        return await SelfHostApi.GetAsync(client, $"/v1/scans/{scanId}");
    }

    private static string PackageJson(bool withCopyleft)
    {
        var dependencies = new Dictionary<string, string> { ["ms"] = "2.1.3" };
        if (withCopyleft) dependencies["copyleft-lib"] = "2.0.0";
        return JsonSerializer.Serialize(new { name = "license-fixture", version = "1.0.0", license = "MIT", dependencies });
    }

    // A lock file v3 as npm writes it; cdxgen reads the declared licenses from it offline.
    private static string PackageLock(bool withCopyleft)
    {
        var dependencies = new Dictionary<string, string> { ["ms"] = "2.1.3" };
        var packages = new Dictionary<string, object>
        {
            [""] = new { name = "license-fixture", version = "1.0.0", license = "MIT", dependencies },
            ["node_modules/ms"] = new
            {
                version = "2.1.3",
                integrity = "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==",
                license = "MIT",
            },
        };
        if (withCopyleft)
        {
            dependencies["copyleft-lib"] = "2.0.0";
            packages["node_modules/copyleft-lib"] = new { version = "2.0.0", license = "GPL-3.0-only" };
        }
        return JsonSerializer.Serialize(new { name = "license-fixture", version = "1.0.0", lockfileVersion = 3, requires = true, packages },
            new JsonSerializerOptions { WriteIndented = true });
    }
}

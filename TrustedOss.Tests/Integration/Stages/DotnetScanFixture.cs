using System.Diagnostics;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Stages;

/// <summary>
/// A small .NET project (Newtonsoft.Json 12.0.1 + Dapper 2.1.86) restored with `dotnet restore` and
/// committed with its packages.lock.json to a local git repository, a real trivy test DB, and one scan
/// of it run through the real stages bootstrap → dt_findings. Shared by a test class: cdxgen and trivy
/// run once, and the tests read what the stages persisted.
/// </summary>
public sealed class DotnetScanFixture : IAsyncLifetime
{
    public const string ProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Newtonsoft.Json" Version="12.0.1" />
            <PackageReference Include="Dapper" Version="2.1.86" />
          </ItemGroup>
        </Project>
        """;

    public static readonly string[] FullRun =
        [ScanPlan.Bootstrap, ScanPlan.Fetch, ScanPlan.Prep, ScanPlan.Cdxgen, ScanPlan.DtUpload, ScanPlan.DtFindings];

    public TestDatabase Database { get; } = new();
    public TempDirectory Scratch { get; } = new("trustedoss-stages");

    /// <summary>Stages whose trivy cache holds the test DB.</summary>
    public StageHarness Stages { get; private set; } = null!;

    /// <summary>The same stages over an empty trivy cache (a fresh install whose DB has not landed).</summary>
    public StageHarness WithoutTrivyDb { get; private set; } = null!;

    public string RepoUrl { get; private set; } = "";
    public string CommitSha { get; private set; } = "";
    public TimeSpan RestoreTime { get; private set; }

    /// <summary>The scan that ran <see cref="FullRun"/>, and each stage's result.</summary>
    public TestScan Scan { get; private set; } = null!;
    public IReadOnlyDictionary<string, StageResult> Results { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await Database.MigrateAsync();

        var project = Scratch.Combine("restore");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "app.csproj"), ProjectFile);
        var stopwatch = Stopwatch.StartNew();
        await DotnetRestore.RestoreAsync(project);
        RestoreTime = stopwatch.Elapsed;

        var repo = Scratch.Combine("repos", "dotnet-app");
        CommitSha = await new GitRepoBuilder(repo)
            .WithFile("app.csproj", ProjectFile)
            .WithFile("packages.lock.json", await File.ReadAllTextAsync(Path.Combine(project, "packages.lock.json")))
            .WithFile("Program.cs", "System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new { ok = true }));\n")
            .BuildAsync();
        RepoUrl = "file://" + repo;

        Stages = new StageHarness(Database, Scratch.Combine("with-db"));
        await TrivyTestDb.WriteAsync(Stages.TrivyCacheDir);
        WithoutTrivyDb = new StageHarness(Database, Scratch.Combine("without-db"));

        Scan = await Stages.NewScanAsync(RepoUrl);
        Results = await Stages.RunAsync(Scan, FullRun);
    }

    public async Task DisposeAsync()
    {
        if (Stages is not null) await Stages.DisposeAsync();
        if (WithoutTrivyDb is not null) await WithoutTrivyDb.DisposeAsync();
        await Database.DisposeAsync();
        Scratch.Dispose();
    }
}

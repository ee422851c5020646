namespace TrustedOss.Benchmarks;

/// <summary>
/// What to run and against what. The PostgreSQL server and tool locations come from the environment
/// `./dev bench` sets up; the sizes and repetitions from the command line.
/// </summary>
public sealed record BenchOptions(
    IReadOnlySet<string> Sections,
    int Runs,
    int BaselineRuns,
    int Components,
    int Findings,
    int VulnerabilityIds,
    int TreeFiles,
    int EngineRuns,
    int ConcurrentScans,
    string RepoRoot,
    string ToolsDir,
    string? PostgresServer,
    string? AzuriteConnectionString,
    string? TrivyDbWriter)
{
    public const string PostgresVariable = "BENCH_POSTGRES_CONNECTION_STRING";
    public const string AzuriteVariable = "BENCH_AZURITE_CONNECTION_STRING";
    public static readonly string[] AllSections = ["persist", "licenses", "stages", "engine", "logs", "container"];

    public const string Usage =
        """
        Usage: TrustedOss.Benchmarks [--only persist,licenses,stages,engine,logs,container] [--runs N] [--baseline-runs N]
                                     [--components N] [--findings N] [--vulnerability-ids N] [--files N]
                                     [--engine-runs N] [--concurrent N]
          --runs            measured runs of each timed thing, after one warm-up; the median is printed (3)
          --baseline-runs   measured runs of the slow row-at-a-time writer (1: each takes tens of seconds)
          --components, --findings, --vulnerability-ids   size of the persisted scan (10000, 50000, 2000)
          --files           files in the license detection tree (5000)
          --engine-runs     scans one after another per engine set-up, after one warm-up (5)
          --concurrent      scans (one project each) triggered at once in the engine's concurrent rows (20)
        Environment: BENCH_POSTGRES_CONNECTION_STRING (a server where databases may be created and dropped),
                     BENCH_AZURITE_CONNECTION_STRING (the engine's task hubs), TOOLS_DIR (default <repo>/.tools),
                     TRIVY_DB_WRITER (tools/trivy-test-db, built by ./dev).
        """;

    public bool Includes(string section) => Sections.Contains(section);

    public static BenchOptions Parse(string[] args)
    {
        var sections = new HashSet<string>(AllSections, StringComparer.Ordinal);
        int runs = 3, baselineRuns = 1, components = 10_000, findings = 50_000, vulnIds = 2_000, files = 5_000, engineRuns = 5, concurrent = 20;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int Positive() => int.TryParse(Value(), out var n) && n > 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a positive integer.");
            switch (args[i])
            {
                case "--only":
                    sections = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    if (sections.Except(AllSections).FirstOrDefault() is { } unknown)
                        throw new ArgumentException($"unknown section '{unknown}' (known: {string.Join(", ", AllSections)})");
                    break;
                case "--runs": runs = Positive(); break;
                case "--baseline-runs": baselineRuns = Positive(); break;
                case "--components": components = Positive(); break;
                case "--findings": findings = Positive(); break;
                case "--vulnerability-ids": vulnIds = Positive(); break;
                case "--files": files = Positive(); break;
                case "--engine-runs": engineRuns = Positive(); break;
                case "--concurrent": concurrent = Positive(); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'\n{Usage}");
            }
        }

        var repoRoot = FindRepoRoot();
        return new BenchOptions(sections, runs, baselineRuns, components, findings, vulnIds, files, engineRuns, concurrent, repoRoot,
            Env("TOOLS_DIR") ?? Path.Combine(repoRoot, ".tools"), Env(PostgresVariable), Env(AzuriteVariable), Env("TRIVY_DB_WRITER"));
    }

    public string RequirePostgres() => PostgresServer
        ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run ./dev bench, which starts a throwaway PostgreSQL.");

    public string RequireAzurite() => AzuriteConnectionString
        ?? throw new InvalidOperationException($"{AzuriteVariable} is not set: run ./dev bench, which starts a throwaway Azurite.");

    public string RequireTrivyDbWriter() => TrivyDbWriter
        ?? throw new InvalidOperationException("TRIVY_DB_WRITER is not set: run ./dev bench, which builds tools/trivy-test-db.");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    /// <summary>The folder holding TrustedOss.sln, looked for upwards from the working directory, then from the program.</summary>
    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TrustedOss.sln"))) return dir.FullName;
        throw new InvalidOperationException("TrustedOss.sln not found above the working directory: run from the repository.");
    }
}

using CliWrap;
using CliWrap.Buffered;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// Writes a small but real trivy DB (schema v2) with our Go tool (tools/trivy-test-db, built by ./dev test),
/// holding the advisories in tools/trivy-test-db/advisories.sample.json.
/// </summary>
public static class TrivyTestDb
{
    public const string WriterVariable = "TRIVY_DB_WRITER";

    public static Task WriteAsync(string cacheDir) =>
        WriteAsync(cacheDir, Path.Combine(RepoPaths.RepoRoot, "tools", "trivy-test-db", "advisories.sample.json"));

    /// <summary>A DB of the advisories in `advisories` (the sample file's shape), stamped UpdatedAt = now.</summary>
    public static async Task WriteAsync(string cacheDir, string advisories)
    {
        var writer = Environment.GetEnvironmentVariable(WriterVariable) is { Length: > 0 } w
            ? w
            : throw new InvalidOperationException($"{WriterVariable} is not set: run the tests with ./dev test, which builds tools/trivy-test-db.");
        var result = await Cli.Wrap(writer).WithArguments(["-out", cacheDir, "-in", advisories]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"trivy-test-db failed: {result.StandardError}");
        if (!File.Exists(Path.Combine(cacheDir, "db", "trivy.db"))) throw new InvalidOperationException("trivy-test-db wrote no trivy.db");
    }
}

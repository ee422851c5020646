using CliWrap;
using CliWrap.Buffered;

namespace TrustedOss.Benchmarks;

/// <summary>What the stage and engine benchmarks scan: git repositories (the demo app, one without manifests) and a small real trivy DB.</summary>
public static class DemoFixtures
{
    /// <summary>samples/demo-app committed into a fresh repository (without node_modules, as ./dev up does); returns its file:// URL.</summary>
    public static async Task<string> CreateDemoRepoAsync(string repoRoot, string destination, CancellationToken ct)
    {
        var source = Path.Combine(repoRoot, "samples", "demo-app");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Contains("node_modules")) continue;
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return await CommitAsync(destination, "Demo app", ct);
    }

    /// <summary>
    /// A repository with no dependency manifest and no license text (a README and one C file): every stage runs and
    /// the tools find nothing. Returns its file:// URL.
    /// </summary>
    public static async Task<string> CreateRepoWithoutManifestsAsync(string destination, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(destination, "src"));
        await File.WriteAllTextAsync(Path.Combine(destination, "README.md"), "# hello\n\nNothing to resolve here.\n", ct);
        await File.WriteAllTextAsync(Path.Combine(destination, "src", "main.c"), "int main(void) { return 0; }\n", ct);
        return await CommitAsync(destination, "No manifests", ct);
    }

    private static async Task<string> CommitAsync(string destination, string message, CancellationToken ct)
    {
        await GitAsync(destination, ct, "init", "-q", "-b", "main");
        await GitAsync(destination, ct, "add", "-A");
        await GitAsync(destination, ct, "-c", "user.name=TrustedOSS Bench", "-c", "user.email=bench@trustedoss.invalid",
            "-c", "commit.gpgsign=false", "commit", "-q", "-m", message);
        return "file://" + Path.GetFullPath(destination);
    }

    /// <summary>Writes the advisories of tools/trivy-test-db/advisories.sample.json as a trivy DB under <paramref name="cacheDir"/>.</summary>
    public static async Task WriteTrivyDbAsync(string writer, string repoRoot, string cacheDir, CancellationToken ct)
    {
        var advisories = Path.Combine(repoRoot, "tools", "trivy-test-db", "advisories.sample.json");
        var result = await Cli.Wrap(writer).WithArguments(["-out", cacheDir, "-in", advisories])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(cacheDir, "db", "trivy.db")))
            throw new InvalidOperationException($"trivy-test-db failed (exit {result.ExitCode}): {result.StandardError}");
    }

    private static async Task GitAsync(string dir, CancellationToken ct, params string[] arguments)
    {
        var result = await Cli.Wrap("git").WithArguments(["-C", dir, .. arguments])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {result.StandardError}");
    }
}

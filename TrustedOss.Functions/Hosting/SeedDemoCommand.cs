using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Hosting;
using TrustedOss.Pipeline.Seeding;

namespace TrustedOss.Functions.Hosting;

/// <summary>
/// `seed-demo --git-url URL --env-file PATH --base-url URL`: used by `./dev up` on first run.
/// Prints the env file (the demo's API keys) and leaves an existing seed untouched.
/// </summary>
public static class SeedDemoCommand
{
    public const string Name = "seed-demo";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseOptions(args);
        if (options is null || !options.TryGetValue("git-url", out var gitUrl) || !options.TryGetValue("env-file", out var envFile))
        {
            await Console.Error.WriteLineAsync("usage: seed-demo --git-url URL --env-file PATH [--base-url URL]");
            return 2;
        }
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection().AddLogging(b => b.AddSimpleConsole()).AddTrustedOssPipeline(configuration).BuildServiceProvider();
        await using var _ = services;
        var result = await services.GetRequiredService<DemoSeeder>().SeedAsync(gitUrl, options.GetValueOrDefault("base-url", "http://127.0.0.1:7071"), envFile, CancellationToken.None);
        Console.WriteLine(result.Created ? $"Seeded the demo data; keys written to {envFile}:" : $"Demo data already seeded ({envFile}):");
        Console.Write(result.EnvFileContent);
        return 0;
    }

    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) return null;
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }
}

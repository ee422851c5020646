using CliWrap;
using CliWrap.Buffered;
using System.Reflection;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// Runs the real <c>trustedoss</c> CLI as a separate process (<c>dotnet trustedoss.dll</c> from TrustedOss.Cli's own
/// build output, which the project reference builds), with only the environment given: exit codes and output are what
/// a CI job would see.
/// </summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static string Dll
    {
        get
        {
            var dll = Path.GetFullPath(typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliDll").Value!);
            return File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))
                ? dll
                : throw new FileNotFoundException($"{dll} (and its runtimeconfig) is missing: build TrustedOss.Tests, which references TrustedOss.Cli.", dll);
        }
    }

    /// <summary>The environment a CI job gives the CLI: the server URL and API key, and nothing of this process's own TRUSTEDOSS_* settings.</summary>
    public static Dictionary<string, string?> Environment(Uri baseAddress, string? apiKey) => new()
    {
        ["TRUSTEDOSS_API_URL"] = baseAddress.ToString(),
        ["TRUSTEDOSS_API_KEY"] = apiKey,
    };

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, string? workingDirectory, params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var result = await Cli.Wrap("dotnet").WithArguments(["exec", Dll, .. arguments])
            .WithEnvironmentVariables(environment)
            .WithWorkingDirectory(workingDirectory ?? Path.GetTempPath())
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}

using System.Collections;
using CliWrap;
using CliWrap.Buffered;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// `dotnet restore` of a small test project, the way a developer restores before committing: packages
/// come from the machine's NuGet config into the global packages folder (where the app's
/// NuspecLicenseReader reads them), already-cached ones without any download.
/// </summary>
public static class DotnetRestore
{
    public static async Task RestoreAsync(string projectDir, CancellationToken cancellationToken = default)
    {
        var result = await Cli.Wrap("dotnet").WithArguments(["restore", "--nologo"]).WithWorkingDirectory(projectDir)
            .WithEnvironmentVariables(env =>
            {
                // `dotnet test` leaves MSBuild's own variables in the test host; a child build must find its SDK afresh.
                foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
                    if (((string)variable.Key).StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)) env.Set((string)variable.Key, null);
                env.Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1").Set("DOTNET_NOLOGO", "1");
            })
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"dotnet restore in {projectDir} failed ({result.ExitCode}): {result.StandardOutput}{result.StandardError}");
    }
}

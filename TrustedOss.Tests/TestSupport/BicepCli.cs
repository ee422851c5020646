using System.Reflection;
using TrustedOss.Pipeline.Tools;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// The Bicep CLI shipped in the NuGet package Azure.Bicep.CommandLine.linux-x64 at <c>tools/bicep</c>.
/// Restoring the tests puts the package in the NuGet cache on a fresh clone, and TrustedOss.Tests.csproj
/// bakes the package folder into this assembly (metadata <c>BicepPackageDir</c>).
/// </summary>
public static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    public static string Path => Executable.Value;

    /// <summary>Runs the CLI through the app's one process runner; stdout and stderr land in <paramref name="log"/>.</summary>
    public static Task<ToolResult> RunAsync(
        IReadOnlyList<string> arguments, string workingDirectory, RecordingStageLog log,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        new ProcessRunner(TimeProvider.System).RunAsync(
            new ToolCommand(Path, arguments, workingDirectory, TimeSpan.FromMinutes(3), environment), log, CancellationToken.None);

    private static string Locate()
    {
        var packageDir = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPackageDir")?.Value;
        if (string.IsNullOrEmpty(packageDir))
            throw new InvalidOperationException("TrustedOss.Tests was built without the Azure.Bicep.CommandLine.linux-x64 package path; run `dotnet restore TrustedOss.Tests`.");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The test suite uses the linux-x64 Bicep CLI.");
        var exe = System.IO.Path.Combine(packageDir, "tools", "bicep");
        if (!File.Exists(exe))
            throw new FileNotFoundException($"{exe} is missing: restore TrustedOss.Tests (the package Azure.Bicep.CommandLine.linux-x64 ships it).", exe);
        // NuGet does not promise to keep the run bit when it extracts a package.
        var mode = File.GetUnixFileMode(exe);
        const UnixFileMode runBits = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(exe, mode | runBits);
        return exe;
    }
}

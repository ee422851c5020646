namespace TrustedOss.CommandLine;

/// <summary>The CLI's documented exit codes (README "CLI"): CI systems branch on these, so they never change meaning.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked, and a gate (if any) passed.</summary>
    public const int Pass = 0;

    /// <summary>The scan succeeded but its findings break the gate's policy.</summary>
    public const int GateFailed = 1;

    /// <summary>The scan ended <c>failed</c> or <c>cancelled</c>: there are no findings to judge.</summary>
    public const int ScanFailed = 2;

    /// <summary>Bad usage, a missing or refused API key, an API error, or the server could not be reached.</summary>
    public const int UsageOrConnection = 3;
}

/// <summary>A failure that ends the command with one line on stderr and <see cref="ExitCode"/>; never carries a secret.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.UsageOrConnection) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

using System.CommandLine;
using TrustedOss.CommandLine.Commands;

namespace TrustedOss.CommandLine;

/// <summary>The <c>trustedoss</c> command tree. Usage errors are one line on stderr and exit 3, like every other error.</summary>
public static class CliApp
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var common = new CommonOptions();
        var root = new RootCommand("TrustedOSS Scans from a terminal or CI: scan, watch, gate, report. Exit codes: 0 pass, 1 gate failed, " +
                                   "2 scan failed or cancelled, 3 usage, auth or network error.")
        {
            common.ApiUrl, common.ApiKeyFile,
            ScanCommand.Create(common, stdout, stderr),
            WatchCommand.Create(common, stdout, stderr),
            GateCommand.Create(common, stdout, stderr),
            ReportCommand.Create(common, stdout, stderr),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        // A key given as a flag is refused before parsing, so no error message can echo it.
        if (args.Any(a => a == "--api-key" || a.StartsWith("--api-key=", StringComparison.Ordinal)))
        {
            await stderr.WriteLineAsync($"error: --api-key is not accepted (a key in a flag lands in shell history): set {Api.ApiConnection.KeyVariable} or pass --api-key-file <file>.");
            return ExitCodes.UsageOrConnection;
        }
        var parse = Build(stdout, stderr).Parse(args);
        if (parse.Errors.Count > 0)
        {
            await stderr.WriteLineAsync($"error: {string.Join("; ", parse.Errors.Select(e => e.Message))} (see trustedoss --help)");
            return ExitCodes.UsageOrConnection;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, ct);
    }
}

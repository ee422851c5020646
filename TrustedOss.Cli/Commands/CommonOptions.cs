using System.CommandLine;
using TrustedOss.CommandLine.Api;

namespace TrustedOss.CommandLine.Commands;

/// <summary>The options every command takes (recursive on the root), and the guard every command runs inside.</summary>
public sealed class CommonOptions
{
    public Option<string?> ApiUrl { get; } = new("--api-url")
    {
        Description = $"The server, e.g. https://trustedoss.example.com (default: ${ApiConnection.UrlVariable}).",
        Recursive = true,
    };

    // There is deliberately no --api-key: a key in a flag lands in shell history and `ps`.
    public Option<string?> ApiKeyFile { get; } = new("--api-key-file")
    {
        Description = $"Read the API key from this file (default: ${ApiConnection.KeyVariable}). The key is never accepted as a flag value.",
        Recursive = true,
    };

    public TrustedOssApi Connect(ParseResult parse) => new(ApiConnection.Resolve(parse.GetValue(ApiUrl), parse.GetValue(ApiKeyFile)));

    /// <summary>
    /// Runs a command so that every failure is one line on stderr with its exit code: a <see cref="CliException"/>
    /// as it is worded, anything unexpected by its message only (never a stack trace, never a header or key).
    /// </summary>
    public static async Task<int> GuardAsync(TextWriter stderr, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (CliException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("error: interrupted");
            return ExitCodes.UsageOrConnection;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"error: {ProblemLine.OneLine(e.Message)}");
            return ExitCodes.UsageOrConnection;
        }
    }
}

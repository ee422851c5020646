using System.Text.RegularExpressions;
using TrustedOss.Pipeline.Security;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// Turns git's stderr (run with LC_ALL=C, so English) into the one-line reason a user can act on.
/// The first matching rule wins; rules are ordered from most to least specific.
/// </summary>
public static partial class GitErrorClassifier
{
    [GeneratedRegex(@"Remote branch (?<branch>\S+) not found", RegexOptions.CultureInvariant)]
    private static partial Regex BranchNotFound();

    [GeneratedRegex(@"Could not resolve host:?\s*(?<host>[^\s']+)|ssh: Could not resolve hostname (?<host>[^\s:]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HostNotResolved();

    [GeneratedRegex(@"Failed to connect to (?<host>\S+) port (?<port>\d+)|connect to host (?<host>\S+) port (?<port>\d+): Connection refused", RegexOptions.CultureInvariant)]
    private static partial Regex ConnectFailed();

    public static GitFetchException Classify(int exitCode, IReadOnlyList<string> stderrTail)
    {
        var text = string.Join('\n', stderrTail);
        var (kind, reason) = Match(text) ?? (GitFailureKind.Other, $"git exited with code {exitCode}: {LastFatalLine(stderrTail)}");
        return new GitFetchException(kind, CredentialRedactor.Redact(reason));
    }

    private static (GitFailureKind, string)? Match(string text)
    {
        if (BranchNotFound().Match(text) is { Success: true } b)
            return (GitFailureKind.BranchNotFound, $"branch '{b.Groups["branch"].Value}' was not found in the repository; check the project's default branch.");
        if (Has(text, "Authentication failed", "could not read Username", "could not read Password", "terminal prompts disabled",
                "Permission denied (publickey", "HTTP Basic: Access denied", "returned error: 401", "returned error: 403",
                "Invalid username or password"))
            return (GitFailureKind.AuthenticationFailed, "authentication failed: the repository needs credentials in the git URL, or the ones given were rejected.");
        if (Has(text, "Host key verification failed"))
            return (GitFailureKind.HostKeyVerificationFailed, "SSH host key verification failed: add the host's key to the worker's known_hosts.");
        if (HostNotResolved().Match(text) is { Success: true } h)
            return (GitFailureKind.HostNotResolved, $"could not resolve host '{h.Groups["host"].Value}': check the host name in the git URL and the worker's DNS/proxy settings.");
        if (Has(text, "timed out", "Connection timed out"))
            return (GitFailureKind.ConnectionTimedOut, "the connection to the git host timed out: check the URL and the worker's network/proxy settings.");
        if (ConnectFailed().Match(text) is { Success: true } c)
            return (GitFailureKind.ConnectionFailed, $"could not connect to {c.Groups["host"].Value} port {c.Groups["port"].Value}: check the git URL's host and port.");
        if (Has(text, "Connection refused", "Couldn't connect to server"))
            return (GitFailureKind.ConnectionFailed, "the git host refused the connection: check the git URL's host and port.");
        if (Has(text, "SSL certificate problem", "server certificate verification failed"))
            return (GitFailureKind.TlsCertificateProblem, "the git host's TLS certificate was not trusted by the worker.");
        if (Has(text, "Repository not found", "does not appear to be a git repository", "not found", "returned error: 404", "does not exist"))
            return (GitFailureKind.RepositoryNotFound, "repository not found: check the git URL (for a private repository, that its credentials can read it).");
        return null;
    }

    private static bool Has(string text, params string[] needles) =>
        needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));

    private static string LastFatalLine(IReadOnlyList<string> stderrTail) =>
        stderrTail.LastOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal))
        ?? stderrTail.LastOrDefault(l => l.Trim().Length > 0)
        ?? "no error output";
}

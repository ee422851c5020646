using System.Text.RegularExpressions;

namespace TrustedOss.Pipeline.Projects;

/// <summary>The outcome of checking a git URL: valid with its scheme, or the rule it broke.</summary>
/// <param name="Scheme">Normalized scheme: https, http, ssh (also scp-like <c>git@host:org/repo.git</c>), git or file.</param>
/// <param name="Error">One line naming the broken rule; never quotes the URL, so no credential leaks through it.</param>
public sealed record GitUrlValidation(bool IsValid, string? Scheme, string? Error)
{
    public static GitUrlValidation Valid(string scheme) => new(true, scheme, null);
    public static GitUrlValidation Invalid(string error) => new(false, null, error);
}

/// <summary>
/// Decides whether a project's git_url may be handed to git. Used by the projects API (to refuse it
/// up front) and again by the git client (a stored URL is re-checked before every clone). Git gets
/// the URL after <c>--</c> in an argv list, so these rules are defence in depth against option and
/// transport injection (<c>-oProxyCommand</c>, <c>ext::</c>) and against shell reuse of the value.
/// </summary>
public static partial class GitUrlValidator
{
    public const int MaxLength = 2048;

    /// <summary>Characters a shell gives meaning to. None is needed in a git URL (percent-encode them in credentials).</summary>
    public const string ShellMetacharacters = ";|&$`<>(){}'\"\\!*";

    // user@host:path, the form `git clone git@github.com:org/repo.git` accepts (ssh without a scheme).
    [GeneratedRegex(@"^(?<user>[A-Za-z0-9._~%+\-]+@)?(?<host>[A-Za-z0-9.\-]+):(?<path>[^/].*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLike();

    public static GitUrlValidation Validate(string? url, IReadOnlyCollection<string> allowedSchemes)
    {
        if (string.IsNullOrEmpty(url)) return GitUrlValidation.Invalid("git_url is empty.");
        if (url.Length > MaxLength) return GitUrlValidation.Invalid($"git_url is longer than {MaxLength} characters.");
        if (url[0] == '-') return GitUrlValidation.Invalid("git_url must not start with '-' (it would be read as a git option).");
        foreach (var c in url)
        {
            if (char.IsControl(c)) return GitUrlValidation.Invalid("git_url must not contain control characters.");
            if (char.IsWhiteSpace(c)) return GitUrlValidation.Invalid("git_url must not contain whitespace.");
            if (ShellMetacharacters.Contains(c)) return GitUrlValidation.Invalid($"git_url must not contain the shell metacharacter '{c}'.");
        }

        var (scheme, error) = Classify(url);
        if (error is not null) return GitUrlValidation.Invalid(error);
        if (!allowedSchemes.Contains(scheme!, StringComparer.OrdinalIgnoreCase))
            return GitUrlValidation.Invalid($"git_url scheme '{scheme}' is not allowed here (allowed: {string.Join(", ", allowedSchemes)}; setting GIT_ALLOWED_SCHEMES).");
        return GitUrlValidation.Valid(scheme!);
    }

    private static (string? Scheme, string? Error) Classify(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            // git reads "<transport>::<address>" as a remote helper (ext:: runs any command): never allowed.
            var firstSlash = url.IndexOf('/');
            var helper = url.IndexOf("::", StringComparison.Ordinal);
            if (helper >= 0 && (firstSlash < 0 || helper < firstSlash))
                return (null, "git_url must not use the '<transport>::' remote-helper form.");
            var scp = ScpLike().Match(url);
            if (!scp.Success)
                return (null, "git_url must be an https://, ssh://, file:// URL or the scp-like form user@host:org/repo.git.");
            if (scp.Groups["host"].Value.StartsWith('-'))
                return (null, "git_url host must not start with '-'.");
            return ("ssh", null);
        }

        var scheme = url[..separator].ToLowerInvariant() switch
        {
            "https" => "https",
            "http" => "http",
            "ssh" or "git+ssh" or "ssh+git" => "ssh",
            "git" => "git",
            "file" => "file",
            _ => null,
        };
        if (scheme is null) return (null, "git_url scheme must be one of https, ssh, file (got an unsupported transport).");

        // Authority by hand: System.Uri refuses some forms git accepts (file:// with userinfo) and some
        // attacks (ssh://-oProxyCommand=…) would only show up as "not well-formed".
        var rest = url[(separator + 3)..];
        var pathStart = rest.IndexOf('/');
        var authority = pathStart < 0 ? rest : rest[..pathStart];
        var host = authority[(authority.LastIndexOf('@') + 1)..];
        if (host.StartsWith('-')) return (null, "git_url host must not start with '-'.");

        if (scheme == "file")
        {
            // git ignores a file:// URL's host (and userinfo); what matters is an absolute path.
            return pathStart >= 0 ? ("file", null) : (null, "git_url file:// path must be absolute.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return (null, "git_url is not a well-formed URL.");
        if (string.IsNullOrEmpty(uri.Host)) return (null, "git_url has no host.");
        if (uri.AbsolutePath.Length <= 1) return (null, "git_url has no repository path.");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0) return (null, "git_url must not have a query (?) or fragment (#).");
        return (scheme, null);
    }
}

using System.Text.RegularExpressions;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Projects;

/// <summary>
/// Which git URLs a project may point at. Git receives the URL as one argv element after `--`, but
/// the rules still refuse anything a shell or git option parser could misread.
/// </summary>
public static partial class GitUrlRules
{
    public const int MaxLength = 2048;

    // scp-like ssh syntax: user@host:path (no scheme).
    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._~/+-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLike();

    /// <summary>Null when the URL is acceptable, otherwise a sentence naming the broken rule.</summary>
    public static string? Check(string url, GitOptions options)
    {
        if (url.Length > MaxLength) return $"The git URL is {url.Length} characters long; the limit is {MaxLength}.";
        if (url.StartsWith('-')) return "The git URL must not start with '-' (it would be read as an option).";
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return "The git URL must not contain whitespace or control characters.";
        var bad = url.FirstOrDefault(c => ";|&$`<>\\\"'(){}*?!^".Contains(c));
        if (bad != default) return $"The git URL must not contain the character '{bad}'.";

        string scheme;
        if (ScpLike().IsMatch(url)) scheme = "ssh";
        else if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && url.Contains("://", StringComparison.Ordinal))
        {
            scheme = uri.Scheme.ToLowerInvariant();
            if (scheme is "git+ssh" or "ssh+git") scheme = "ssh";
            if (scheme != "file" && string.IsNullOrEmpty(uri.Host)) return "The git URL has no host.";
            if (scheme == "file" && !Path.IsPathRooted(uri.LocalPath)) return "A file:// git URL must hold an absolute path.";
        }
        else return "The git URL must be https://host/path, ssh://host/path or user@host:path.";

        return options.AllowedSchemes.Contains(scheme)
            ? null
            : $"The git URL scheme '{scheme}' is not allowed here; allowed: {string.Join(", ", options.AllowedSchemes)} (setting {GitOptions.AllowedSchemesKey}).";
    }
}

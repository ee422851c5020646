using System.Text.RegularExpressions;

namespace TrustedOss.Pipeline.Security;

/// <summary>
/// The one place that removes secrets from text before it is logged, stored or returned:
/// userinfo in URLs, Authorization headers, and KEY=secret pairs whose key names a secret.
/// </summary>
public static partial class CredentialRedactor
{
    public const string Mask = "***";

    // scheme://user:pass@host or scheme://token@host — keep the scheme and host, mask the userinfo.
    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)(?<userinfo>[^/\s@""'<>]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"(?<name>\b(?:Proxy-)?Authorization\s*:\s*)(?<scheme>(?:Bearer|Basic|Token|Digest)\s+)?(?<value>\S+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"(?<key>\b[A-Za-z0-9_.\-]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PWD|API[_\-]?KEY|ACCESS[_\-]?KEY|ACCOUNTKEY|CREDENTIALS?|PRIVATE[_\-]?KEY)[A-Za-z0-9_.\-]*\s*[=:]\s*)(?<value>""[^""]*""|'[^']*'|[^\s;,&]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();

    /// <summary>Redacts every kind of credential this service knows about from one line of text.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
        var result = UrlUserInfo().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        result = AuthorizationHeader().Replace(result, m => m.Groups["name"].Value + m.Groups["scheme"].Value + Mask);
        result = SecretAssignment().Replace(result, m => m.Groups["key"].Value + Mask);
        return result;
    }

    /// <summary>The URL as it may be shown: any userinfo replaced by the mask.</summary>
    public static string MaskUrl(string? url) => string.IsNullOrEmpty(url) ? url ?? string.Empty : UrlUserInfo().Replace(url, m => m.Groups["scheme"].Value + Mask + "@");
}

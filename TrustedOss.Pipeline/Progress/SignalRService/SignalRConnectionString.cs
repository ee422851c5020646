using TrustedOss.Pipeline.Security;

namespace TrustedOss.Pipeline.Progress.SignalRService;

/// <summary>
/// An Azure SignalR Service access-key connection string: `Endpoint=https://…;AccessKey=…;Version=1.0;`
/// (optionally `Port` and `ClientEndpoint`). Keys are case-insensitive. The access key never appears in
/// <see cref="ToString"/> or in a parse error.
/// </summary>
public sealed class SignalRConnectionString
{
    /// <summary>HS256 in Microsoft.IdentityModel refuses keys under 256 bits; real keys are 44 characters.</summary>
    public const int MinAccessKeyLength = 32;

    private SignalRConnectionString(Uri endpoint, string accessKey, Uri clientEndpoint)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
        ClientEndpoint = clientEndpoint;
    }

    /// <summary>The service's base URL (scheme, host, port; no trailing slash) for REST calls and token audiences.</summary>
    public Uri Endpoint { get; }

    /// <summary>The HMAC key the service checks token signatures with (its UTF-8 bytes, as the service SDK uses it).</summary>
    public string AccessKey { get; }

    /// <summary>Where clients connect (a reverse proxy in front of the service), or <see cref="Endpoint"/>.</summary>
    public Uri ClientEndpoint { get; }

    /// <summary>The base URL as text without a trailing slash: `https://x.service.signalr.net` or `http://127.0.0.1:5123`.</summary>
    public static string Base(Uri uri) => uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath.TrimEnd('/');

    public static SignalRConnectionString Parse(string value)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            // Never echo a malformed part or an unknown key: it may be a pasted key.
            if (eq <= 0) throw new FormatException("a part is not a Key=Value pair (parts are separated by ';').");
            var key = part[..eq].Trim();
            if (!pairs.TryAdd(key, part[(eq + 1)..].Trim())) throw new FormatException($"'{key}' is given twice.");
        }

        foreach (var key in pairs.Keys)
        {
            if (key.Equals("AuthType", StringComparison.OrdinalIgnoreCase))
                throw new FormatException("only access-key connection strings are supported (AuthType / Microsoft Entra ID is not).");
            if (!Known.Contains(key))
                throw new FormatException($"unknown key {(key.Length <= 20 && key.All(char.IsAsciiLetter) ? $"'{key}'" : "(not shown)")}; expected Endpoint, AccessKey, Version, Port or ClientEndpoint.");
        }
        if (pairs.TryGetValue("Version", out var version) && version != "1.0") throw new FormatException($"Version '{version}' is not supported; use 1.0.");

        var endpoint = AbsoluteHttpUri(pairs, "Endpoint") ?? throw new FormatException("Endpoint is missing.");
        if (pairs.TryGetValue("Port", out var portText))
        {
            if (!int.TryParse(portText, out var port) || port is < 1 or > 65535) throw new FormatException($"Port '{portText}' is not a TCP port.");
            endpoint = new UriBuilder(endpoint) { Port = port }.Uri;
        }
        if (!pairs.TryGetValue("AccessKey", out var accessKey) || accessKey.Length == 0) throw new FormatException("AccessKey is missing.");
        if (accessKey.Length < MinAccessKeyLength) throw new FormatException($"AccessKey is shorter than {MinAccessKeyLength} characters.");
        return new SignalRConnectionString(endpoint, accessKey, AbsoluteHttpUri(pairs, "ClientEndpoint") ?? endpoint);
    }

    private static readonly HashSet<string> Known = new(["Endpoint", "AccessKey", "Version", "Port", "ClientEndpoint"], StringComparer.OrdinalIgnoreCase);

    private static Uri? AbsoluteHttpUri(Dictionary<string, string> pairs, string key)
    {
        if (!pairs.TryGetValue(key, out var text) || text.Length == 0) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            throw new FormatException($"{key} '{CredentialRedactor.MaskUrl(text)}' must be an http(s) URL without query or credentials.");
        return new Uri(Base(uri));
    }

    /// <summary>Any text that may hold a connection string, with its access key masked.</summary>
    public static string Redacted(string text) => CredentialRedactor.Redact(text);

    public override string ToString() =>
        $"Endpoint={Base(Endpoint)};AccessKey={CredentialRedactor.Mask};Version=1.0;"
        + (ClientEndpoint == Endpoint ? "" : $"ClientEndpoint={Base(ClientEndpoint)};");
}

namespace TrustedOss.CommandLine.Api;

/// <summary>
/// Where the server is and which API key to send. The key comes only from <see cref="KeyVariable"/> or a file
/// (<c>--api-key-file</c>), never from a flag value, which would land in shell history and process listings.
/// </summary>
public sealed record ApiConnection(Uri BaseAddress, string ApiKey)
{
    public const string UrlVariable = "TRUSTEDOSS_API_URL";
    public const string KeyVariable = "TRUSTEDOSS_API_KEY";

    public static ApiConnection Resolve(string? apiUrl, string? apiKeyFile)
    {
        var url = string.IsNullOrWhiteSpace(apiUrl) ? Environment.GetEnvironmentVariable(UrlVariable) : apiUrl;
        if (string.IsNullOrWhiteSpace(url))
            throw new CliException($"No server URL: pass --api-url or set {UrlVariable}.");
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            throw new CliException($"The server URL '{url}' is not an http(s) URL.");
        // A server under a path (https://host/trustedoss) keeps it: every request path is resolved relative to a base ending in '/'.
        if (!baseAddress.AbsolutePath.EndsWith('/')) baseAddress = new Uri(baseAddress + "/");
        return new ApiConnection(baseAddress, ReadKey(apiKeyFile));
    }

    private static string ReadKey(string? apiKeyFile)
    {
        string? key;
        if (!string.IsNullOrEmpty(apiKeyFile))
        {
            try
            {
                key = File.ReadAllText(apiKeyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot read the API key file '{apiKeyFile}': {e.Message}");
            }
        }
        else key = Environment.GetEnvironmentVariable(KeyVariable);
        key = key?.Trim();
        if (string.IsNullOrEmpty(key))
            throw new CliException(string.IsNullOrEmpty(apiKeyFile)
                ? $"No API key: set {KeyVariable} or pass --api-key-file <file>."
                : $"The API key file '{apiKeyFile}' is empty.");
        // A key travels in an HTTP header: a multi-line file is a mistake, and the message must not echo its content.
        if (key.Any(char.IsControl) || key.Contains(' '))
            throw new CliException("The API key contains spaces or control characters; the key file must hold only the key.");
        return key;
    }
}

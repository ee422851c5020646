using System.Security.Cryptography;
using System.Text;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Auth;

/// <summary>
/// API keys are random 32-byte tokens shown once; the database holds only HMAC-SHA256(pepper, key),
/// so a leaked table cannot be replayed without the pepper from the secret store.
/// </summary>
public sealed class ApiKeyHasher(AuthOptions options)
{
    public const string KeyPrefix = "tos_";
    private readonly byte[] pepper = Encoding.UTF8.GetBytes(options.ApiKeyPepper);

    public static string NewKey() => KeyPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public byte[] Hash(string key) => HMACSHA256.HashData(pepper, Encoding.UTF8.GetBytes(key));

    /// <summary>The recognisable, non-secret start of a key (e.g. "tos_AbC1").</summary>
    public static string DisplayPrefix(string key) => key.Length <= 8 ? key : key[..8];

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TrustedOss.Pipeline.Progress.SignalRService;

/// <summary>
/// The JWTs Azure SignalR Service accepts with access-key auth: HS256 signed with the UTF-8 bytes of the
/// AccessKey, `aud` = the exact URL called (REST: the request URL without query; client: the negotiate url),
/// and `exp` (no `nbf`, so a service clock slightly behind ours never refuses a fresh token). Client tokens carry the user id as `nameid`, which the service uses as the connection's user.
/// </summary>
public sealed class SignalRTokenIssuer(SignalRConnectionString connection, TimeProvider clock)
{
    /// <summary>REST tokens are minted per request, so they only need to outlive the call.</summary>
    public static readonly TimeSpan ServerTokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The service checks a client token only when the client connects; an hour covers a slow start and reconnects.</summary>
    public static readonly TimeSpan ClientTokenLifetime = TimeSpan.FromHours(1);

    public const string UserIdClaim = "nameid";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials credentials = new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(connection.AccessKey)), SecurityAlgorithms.HmacSha256);

    /// <summary>A token for one REST call; `audience` is the request URL, query excluded.</summary>
    public string ForServer(string audience) => Issue(audience, ServerTokenLifetime, null);

    /// <summary>A token a client presents to the service's client endpoint (the negotiate response's accessToken).</summary>
    public string ForClient(string audience, string userId) => Issue(audience, ClientTokenLifetime, new Dictionary<string, object> { [UserIdClaim] = userId });

    private string Issue(string audience, TimeSpan lifetime, IDictionary<string, object>? claims)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Audience = audience,
            IssuedAt = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = credentials,
        });
    }
}

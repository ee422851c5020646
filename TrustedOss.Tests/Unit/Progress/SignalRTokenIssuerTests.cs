using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress.SignalRService;

namespace TrustedOss.Tests.Unit.Progress;

public sealed class SignalRTokenIssuerTests
{
    private const string Key = "c2VjcmV0LWFjY2Vzcy1rZXktdGhhdC1pcy1sb25nLWVub3VnaA==";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly SignalRConnectionString Connection =
        SignalRConnectionString.Parse($"Endpoint=https://demo.service.signalr.net;AccessKey={Key};Version=1.0;");

    private static async Task<TokenValidationResult> ValidateAsync(string token, string audience, string key = Key) =>
        await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidAudience = audience,
            ValidateIssuer = false,
            ValidateLifetime = false,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
        });

    [Fact]
    public async Task A_server_token_is_HS256_signed_with_the_access_key_for_the_exact_url_and_expires_in_five_minutes()
    {
        const string url = "https://demo.service.signalr.net/api/v1/hubs/scans/groups/scan%3Aabc";
        var token = new SignalRTokenIssuer(Connection, new FakeTimeProvider(Now)).ForServer(url);

        var result = await ValidateAsync(token, url);

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal([url], jwt.Audiences);
        Assert.Equal(Now.AddMinutes(5).UtcDateTime, jwt.ValidTo);
        Assert.False(jwt.TryGetPayloadValue<long>("nbf", out _));
    }

    [Fact]
    public async Task A_token_fails_validation_with_another_key_or_audience()
    {
        const string url = "https://demo.service.signalr.net/api/v1/hubs/scans/groups/g";
        var token = new SignalRTokenIssuer(Connection, new FakeTimeProvider(Now)).ForServer(url);

        Assert.False((await ValidateAsync(token, url, "another-access-key-that-is-also-long-enough=")).IsValid);
        Assert.False((await ValidateAsync(token, url + "/connections/c")).IsValid);
    }

    [Fact]
    public async Task Negotiate_points_the_client_at_the_service_with_a_user_token_for_that_url()
    {
        var userId = Guid.NewGuid();
        var options = new SignalRServiceOptions(Connection, null);
        var response = new SignalRNegotiation(options, new FakeTimeProvider(Now)).Negotiate(new Caller(userId, "u@example.test", false, new Dictionary<Guid, TeamRole>()));

        Assert.Equal("https://demo.service.signalr.net/client/?hub=scans", response.Url);
        var result = await ValidateAsync(response.AccessToken, response.Url);
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(userId.ToString(), jwt.GetPayloadValue<string>("nameid"));
        Assert.Equal(Now.AddHours(1).UtcDateTime, jwt.ValidTo);
    }

    [Fact]
    public void Negotiate_sends_clients_to_the_client_endpoint_while_the_audience_stays_the_service()
    {
        var connection = SignalRConnectionString.Parse($"Endpoint=https://demo.service.signalr.net;AccessKey={Key};ClientEndpoint=https://proxy.example.com");
        var response = new SignalRNegotiation(new SignalRServiceOptions(connection, null), new FakeTimeProvider(Now))
            .Negotiate(new Caller(Guid.NewGuid(), "u@example.test", false, new Dictionary<Guid, TeamRole>()));

        Assert.Equal("https://proxy.example.com/client/?hub=scans", response.Url);
        Assert.Equal(["https://demo.service.signalr.net/client/?hub=scans"], new JsonWebToken(response.AccessToken).Audiences);
    }

    [Fact]
    public void The_negotiate_body_uses_the_signalr_protocol_member_names()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new NegotiateResponse("https://x/client/?hub=scans", "t"), TrustedOss.Pipeline.Api.ApiJson.Options);

        Assert.Equal("""{"url":"https://x/client/?hub=scans","accessToken":"t"}""", json);
    }
}

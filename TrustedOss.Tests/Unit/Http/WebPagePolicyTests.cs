using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress.SignalRService;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Http;

/// <summary>The web page's CSP lets its SignalR client reach exactly the services a negotiate can send it to.</summary>
public sealed class WebPagePolicyTests
{
    private const string Key = FakeSignalRService.AccessKey;

    private static string ConnectSrc(SignalRServiceOptions options) =>
        WebPagePolicy.ContentSecurityPolicy(options).Split("; ").Single(d => d.StartsWith("connect-src ", StringComparison.Ordinal));

    [Fact]
    public void Without_a_service_the_page_connects_only_to_its_own_origin()
    {
        var csp = WebPagePolicy.ContentSecurityPolicy(new SignalRServiceOptions(null, null));

        Assert.Equal("connect-src 'self'", ConnectSrc(new SignalRServiceOptions(null, null)));
        Assert.StartsWith("default-src 'self'; ", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public void The_serverless_service_is_allowed_at_its_client_endpoint_over_https_and_wss()
    {
        var serverless = SignalRConnectionString.Parse($"Endpoint=https://scans.service.signalr.net;AccessKey={Key};Version=1.0;ClientEndpoint=https://live.example.com:8443;");

        Assert.Equal("connect-src 'self' https://live.example.com:8443 wss://live.example.com:8443", ConnectSrc(new SignalRServiceOptions(serverless, null)));
    }

    [Fact]
    public void The_self_hosts_default_mode_service_is_allowed_at_its_endpoint_and_port_even_with_Entra_ID()
    {
        var options = new SignalRServiceOptions(
            SignalRConnectionString.Parse($"Endpoint=http://127.0.0.1:5123;AccessKey={Key};Version=1.0;"),
            "Endpoint=https://hub.service.signalr.net;AuthType=azure.msi;Port=8443;Version=1.0;");

        Assert.Equal("connect-src 'self' http://127.0.0.1:5123 ws://127.0.0.1:5123 https://hub.service.signalr.net:8443 wss://hub.service.signalr.net:8443", ConnectSrc(options));
    }

    [Fact]
    public void A_self_host_string_without_an_http_endpoint_adds_nothing()
    {
        Assert.Equal("connect-src 'self'", ConnectSrc(new SignalRServiceOptions(null, "AuthType=azure.msi;Endpoint=javascript:alert(1)")));
    }
}

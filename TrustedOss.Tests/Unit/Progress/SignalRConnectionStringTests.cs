using Microsoft.Extensions.Configuration;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress.SignalRService;

namespace TrustedOss.Tests.Unit.Progress;

public sealed class SignalRConnectionStringTests
{
    private const string Key = "c2VjcmV0LWFjY2Vzcy1rZXktdGhhdC1pcy1sb25nLWVub3VnaA==";

    [Fact]
    public void Parses_the_portal_format_with_case_insensitive_keys()
    {
        var parsed = SignalRConnectionString.Parse($"endpoint=https://demo.service.signalr.net/;ACCESSKEY={Key};Version=1.0;");

        Assert.Equal("https://demo.service.signalr.net", SignalRConnectionString.Base(parsed.Endpoint));
        Assert.Equal(Key, parsed.AccessKey);
        Assert.Equal(parsed.Endpoint, parsed.ClientEndpoint);
    }

    [Fact]
    public void Port_and_client_endpoint_are_applied()
    {
        var parsed = SignalRConnectionString.Parse($"Endpoint=http://127.0.0.1;Port=8080;AccessKey={Key};ClientEndpoint=https://proxy.example.com/signalr/");

        Assert.Equal("http://127.0.0.1:8080", SignalRConnectionString.Base(parsed.Endpoint));
        Assert.Equal("https://proxy.example.com/signalr", SignalRConnectionString.Base(parsed.ClientEndpoint));
    }

    [Theory]
    [InlineData("AccessKey=" + Key + ";Version=1.0;", "Endpoint is missing")]
    [InlineData("Endpoint=https://demo.service.signalr.net;Version=1.0;", "AccessKey is missing")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=short;", "shorter than 32")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AuthType=azure.msi;Version=1.0;", "only access-key")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=" + Key + ";Version=2.0;", "Version '2.0'")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=" + Key + ";ServerEndpoint=https://x;", "unknown key 'ServerEndpoint'")]
    [InlineData("Endpoint=ftp://demo.service.signalr.net;AccessKey=" + Key + ";", "must be an http(s) URL")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=" + Key + ";Port=99999;", "not a TCP port")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=" + Key + ";AccessKey=" + Key + ";", "given twice")]
    [InlineData("Endpoint=https://demo.service.signalr.net;" + Key, "unknown key (not shown)")]
    [InlineData("Endpoint=https://demo.service.signalr.net;c2VjcmV0LWFjY2Vzcy1rZXktdGhhdC1pcy1sb25nLWVub3VnaA", "not a Key=Value pair")]
    public void Refuses_malformed_strings_naming_the_problem_without_the_key(string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SignalRConnectionString.Parse(value));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain(Key, error.Message);
        Assert.DoesNotContain(Key[..20], error.Message);
    }

    [Fact]
    public void ToString_masks_the_access_key()
    {
        var text = SignalRConnectionString.Parse($"Endpoint=https://demo.service.signalr.net;AccessKey={Key};Version=1.0;").ToString();

        Assert.Equal("Endpoint=https://demo.service.signalr.net;AccessKey=***;Version=1.0;", text);
    }

    [Fact]
    public void A_bad_setting_stops_the_app_naming_the_setting_with_the_key_masked()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SignalRServiceOptions.ConnectionStringKey] = $"Endpoint=https://demo.service.signalr.net;AccessKey={Key};Version=3;",
        }).Build();

        var error = Assert.Throws<SettingException>(() => SignalRServiceOptions.From(configuration));

        Assert.Contains("AzureSignalRConnectionString", error.Message);
        Assert.Contains("Version '3'", error.Message);
        Assert.Contains("AccessKey=***", error.Message);
        Assert.DoesNotContain(Key, error.Message);
    }

    [Fact]
    public void Unset_settings_leave_live_progress_off_and_require_answers_503()
    {
        var options = SignalRServiceOptions.From(new ConfigurationBuilder().Build());

        Assert.Null(options.ConnectionString);
        Assert.Null(options.SelfHostConnectionString);
        var problem = Assert.Throws<TrustedOss.Pipeline.Problems.ProblemException>(() => options.Require()).Problem;
        Assert.Equal(503, problem.Status);
        Assert.Contains("AzureSignalRConnectionString", problem.Detail);
    }
}

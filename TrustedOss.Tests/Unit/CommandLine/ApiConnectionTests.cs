using TrustedOss.CommandLine;
using TrustedOss.CommandLine.Api;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.CommandLine;

public sealed class ApiConnectionTests
{
    [Theory]
    [InlineData("https://trustedoss.example.com", "https://trustedoss.example.com/")]
    [InlineData("https://example.com/trustedoss", "https://example.com/trustedoss/")]
    [InlineData("http://127.0.0.1:7071/", "http://127.0.0.1:7071/")]
    public void The_server_url_keeps_its_path_as_the_base_of_every_request(string url, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("key"), "tos_from-a-file\n");

        var connection = ApiConnection.Resolve(url, dir.Combine("key"));

        Assert.Equal(expected, connection.BaseAddress.ToString());
        Assert.Equal("tos_from-a-file", connection.ApiKey);
        Assert.Equal("https://example.com/trustedoss/v1/scans", new Uri(new Uri("https://example.com/trustedoss/"), "v1/scans").ToString());
    }

    [Fact]
    public void Bad_urls_and_key_files_are_one_line_usage_errors_that_never_echo_the_key()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("two-lines"), "tos_secret-one\ntos_secret-two\n");
        File.WriteAllText(dir.Combine("empty"), "\n");

        var notHttp = Assert.Throws<CliException>(() => ApiConnection.Resolve("ftp://example.com", dir.Combine("empty")));
        var twoLines = Assert.Throws<CliException>(() => ApiConnection.Resolve("https://example.com", dir.Combine("two-lines")));
        var empty = Assert.Throws<CliException>(() => ApiConnection.Resolve("https://example.com", dir.Combine("empty")));
        var missing = Assert.Throws<CliException>(() => ApiConnection.Resolve("https://example.com", dir.Combine("absent")));

        Assert.Equal("The server URL 'ftp://example.com' is not an http(s) URL.", notHttp.Message);
        Assert.DoesNotContain("tos_secret", twoLines.Message);
        Assert.EndsWith("is empty.", empty.Message);
        Assert.StartsWith("Cannot read the API key file", missing.Message);
        Assert.All(new[] { notHttp, twoLines, empty, missing }, e => Assert.Equal(ExitCodes.UsageOrConnection, e.ExitCode));
    }
}

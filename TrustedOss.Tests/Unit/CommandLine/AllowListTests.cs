using TrustedOss.CommandLine;
using TrustedOss.CommandLine.Gate;

namespace TrustedOss.Tests.Unit.CommandLine;

public sealed class AllowListTests
{
    [Fact]
    public void Entries_parse_with_their_expiry_and_reason_and_comments_are_allowed()
    {
        var list = AllowList.Parse("""
            // accepted by the security team
            {"accepted": [
              {"id": "CVE-2021-44906", "expires": "2027-01-31", "reason": "not reachable"},
              {"id": "GHSA-5crp-9r3c-p9vr", "expires": "2026-06-30"},
            ]}
            """, "allow.json");

        Assert.Equal([new AllowList.Entry("CVE-2021-44906", new DateOnly(2027, 1, 31), "not reachable"), new AllowList.Entry("GHSA-5crp-9r3c-p9vr", new DateOnly(2026, 6, 30), null)],
            list.Entries);
        Assert.NotNull(list.Accepting("ghsa-5crp-9r3c-p9vr", new DateOnly(2026, 6, 30)));
        Assert.Null(list.Accepting("GHSA-5crp-9r3c-p9vr", new DateOnly(2026, 7, 1)));
        Assert.Equal(["GHSA-5crp-9r3c-p9vr"], list.ExpiredOn(new DateOnly(2026, 7, 1)).Select(e => e.Id));
    }

    [Theory]
    [InlineData("""[]""", "must be an object with an \"accepted\" array")]
    [InlineData("""{"accepted": [{"expires": "2027-01-01"}]}""", "accepted[0] has no \"id\"")]
    [InlineData("""{"accepted": [{"id": "CVE-1"}]}""", "accepted[0] (CVE-1) needs \"expires\" as a date, yyyy-MM-dd")]
    [InlineData("""{"accepted": [{"id": "CVE-1", "expires": "31/01/2027"}]}""", "needs \"expires\" as a date")]
    [InlineData("""{"accepted": [{"id": "CVE-1", "expires": "2027-01-01"}, 3]}""", "accepted[1] must be an object")]
    [InlineData("""{"accepted": [""", "is not valid JSON")]
    public void A_broken_file_is_one_usage_error_naming_the_entry(string json, string expected)
    {
        var e = Assert.Throws<CliException>(() => AllowList.Parse(json, "allow.json"));

        Assert.Contains(expected, e.Message);
        Assert.Contains("'allow.json'", e.Message);
        Assert.Equal(ExitCodes.UsageOrConnection, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
    }
}

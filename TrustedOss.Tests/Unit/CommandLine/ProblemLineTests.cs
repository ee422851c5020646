using System.Net;
using TrustedOss.CommandLine.Api;

namespace TrustedOss.Tests.Unit.CommandLine;

public sealed class ProblemLineTests
{
    [Fact]
    public void A_problem_becomes_one_line_with_title_status_detail_field_and_active_scan()
    {
        var line = ProblemLine.From(HttpStatusCode.Conflict,
            """{"type":"https://trustedoss.dev/problems/conflict","title":"Scan already in progress","status":409,"detail":"Wait for it\nor cancel it.","active_scan_id":"abc"}""");

        Assert.Equal("Scan already in progress (HTTP 409): Wait for it or cancel it. (active scan abc)", line);
        Assert.Equal("Validation failed (HTTP 422): bad ref [field: metadata.ref]",
            ProblemLine.From(HttpStatusCode.UnprocessableEntity, """{"title":"Validation failed","detail":"bad ref","field":"metadata.ref"}"""));
    }

    [Fact]
    public void A_body_that_is_not_a_problem_is_named_by_its_status_only()
    {
        Assert.Equal("The server answered HTTP 502 BadGateway.", ProblemLine.From(HttpStatusCode.BadGateway, "<html>proxy error</html>"));
        Assert.Equal("The server answered HTTP 404 NotFound.", ProblemLine.From(HttpStatusCode.NotFound, ""));
    }
}

using System.CommandLine;
using TrustedOss.CommandLine.Watching;

namespace TrustedOss.CommandLine.Commands;

/// <summary><c>--transport</c> and its shorthand <c>--poll</c>, shared by <c>watch</c> and <c>scan --wait</c>.</summary>
public static class Transports
{
    public static Option<string> Option()
    {
        var option = new Option<string>("--transport")
        {
            Description = "How to follow the scan: auto (the hub /hubs/scans, else Azure SignalR Service, else polling), hub, service, or poll.",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "hub", "service", "poll");
        return option;
    }

    public static Option<bool> PollOption() => new("--poll") { Description = "Poll the REST API every 2 s (the same as --transport poll)." };

    public static LiveTransport Of(ParseResult parse, Option<string> transport, Option<bool> poll) =>
        parse.GetValue(poll) ? LiveTransport.Poll : Enum.Parse<LiveTransport>(parse.GetValue(transport)!, ignoreCase: true);
}

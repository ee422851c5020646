using System.CommandLine;
using TrustedOss.CommandLine.Watching;

namespace TrustedOss.CommandLine.Commands;

/// <summary><c>trustedoss watch &lt;scan-id&gt;</c>: a live progress bar, every stage and the log lines until the scan ends.</summary>
public static class WatchCommand
{
    public static Command Create(CommonOptions common, TextWriter stdout, TextWriter stderr)
    {
        var scanId = new Argument<Guid>("scan-id") { Description = "The scan to follow." };
        var (transport, poll) = (Transports.Option(), Transports.PollOption());
        var command = new Command("watch", "Follow a scan until it ends: exit 0 when it succeeded, 2 when it failed or was cancelled.") { scanId, transport, poll };
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(stderr, async () =>
        {
            using var api = common.Connect(parse);
            var printer = new ProgressPrinter(stdout, interactive: !Console.IsOutputRedirected);
            var scan = await new ScanWatcher(api, printer).WatchAsync(parse.GetValue(scanId), Transports.Of(parse, transport, poll), ct);
            return scan.Status == "succeeded" ? ExitCodes.Pass : ExitCodes.ScanFailed;
        }));
        return command;
    }
}

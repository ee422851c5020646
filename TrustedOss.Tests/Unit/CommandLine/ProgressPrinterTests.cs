using TrustedOss.CommandLine.Watching;

namespace TrustedOss.Tests.Unit.CommandLine;

public sealed class ProgressPrinterTests
{
    [Fact]
    public void In_ci_each_change_is_one_line_and_a_repeated_state_or_percent_is_printed_once()
    {
        var output = new StringWriter { NewLine = "\n" };
        var printer = new ProgressPrinter(output, interactive: false);

        printer.Stage("cdxgen", "running");
        printer.Stage("cdxgen", "running"); // the snapshot after a reconnect repeats it
        printer.Progress("cdxgen", 28);
        printer.Progress("cdxgen", 28);
        printer.Log("cdxgen", "stderr", "warning: no lock file");
        printer.Stage("cdxgen", "succeeded", "4 components");
        printer.Progress("succeeded", 140);
        printer.Finish();

        Assert.Equal(
            "stage cdxgen: running\n" +
            "[########......................]  28% cdxgen\n" +
            "  cdxgen | ! warning: no lock file\n" +
            "stage cdxgen: succeeded (4 components)\n" +
            "[##############################] 100% succeeded\n", output.ToString());
    }

    [Fact]
    public void On_a_terminal_the_bar_is_redrawn_in_place_below_the_lines()
    {
        var output = new StringWriter { NewLine = "\n" };
        var printer = new ProgressPrinter(output, interactive: true);

        printer.Progress("fetch", 10);
        printer.Note("stage fetch: running");
        printer.Finish();

        const string clear = "\r\u001b[2K";
        const string bar = "[###...........................]  10% fetch";
        Assert.Equal($"{clear}{bar}{clear}stage fetch: running\n{clear}{bar}\n", output.ToString());
    }
}

using System.Text.RegularExpressions;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// Terminal control sequences in a tool's output line (colours, cursor moves, titles). Some tools colour their
/// log lines even when writing to a pipe (trivy's log levels), but a stored log is plain text: the API, the
/// download and the web page's log panel would show the escape bytes.
/// </summary>
public static partial class TerminalEscapes
{
    /// <summary>The line without CSI sequences (<c>ESC [ … final</c>), OSC strings (<c>ESC ] … BEL|ESC \</c>) and other
    /// two-byte escapes.</summary>
    public static string Strip(string line) => line.Contains('\u001b') ? Sequence().Replace(line, "") : line;

    [GeneratedRegex(@"\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-_])")]
    private static partial Regex Sequence();
}

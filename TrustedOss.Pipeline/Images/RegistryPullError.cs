using System.Text.RegularExpressions;
using TrustedOss.Pipeline.Security;

namespace TrustedOss.Pipeline.Images;

/// <summary>
/// The one-line reason a pull failed, from skopeo's stderr: its `level=fatal msg="…"` line (the registry's
/// own error, e.g. `pinging container registry 127.0.0.1:1: … connect: connection refused`), without the
/// `initializing source docker://…:` prefix that only repeats the reference.
/// </summary>
public static partial class RegistryPullError
{
    [GeneratedRegex(@"level=(?:fatal|error)\s+msg=""(?<msg>(?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex LogfmtMessage();

    [GeneratedRegex(@"^(?:initializing source|reading manifest|Error initializing source) [^ ]+?: ", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatedReference();

    public static string Describe(ImageReference image, IReadOnlyList<string> stderrTail, int exitCode)
    {
        var line = stderrTail.LastOrDefault(l => LogfmtMessage().IsMatch(l)) is { } fatal
            ? Regex.Unescape(LogfmtMessage().Match(fatal).Groups["msg"].Value)
            : stderrTail.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"skopeo exited with code {exitCode} and no error output";
        var reason = RepeatedReference().Replace(line.ReplaceLineEndings(" "), "");
        var hint = reason.Contains("context deadline exceeded", StringComparison.Ordinal) || reason.Contains("i/o timeout", StringComparison.Ordinal)
            ? " (no answer within the pull timeout, setting IMAGE_PULL_TIMEOUT_SECONDS)"
            : "";
        return CredentialRedactor.Redact($"Pulling {image.ForPull} from {image.Registry} failed: {reason}{hint}");
    }
}

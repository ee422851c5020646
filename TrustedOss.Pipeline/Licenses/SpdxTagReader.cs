using System.Text.RegularExpressions;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>Finds `SPDX-License-Identifier:` tags and parses their full expressions.</summary>
internal static partial class SpdxTagReader
{
    private static readonly string[] TrailingClosers = ["*/", "-->", "*)", "-}", "\"\"\"", "'''", "#}", "%>", "?>"];

    /// <summary>The distinct, valid, normalized expressions tagged in the text (a tag that does not parse is ignored: often a template placeholder).</summary>
    public static IReadOnlyList<string> Read(string text)
    {
        var found = new List<string>();
        foreach (Match m in Tag().Matches(text))
        {
            var value = m.Groups["expr"].Value.Trim();
            foreach (var closer in TrailingClosers)
            {
                var at = value.IndexOf(closer, StringComparison.Ordinal);
                if (at >= 0) value = value[..at];
            }
            value = value.Trim().Trim('"', '\'', ',', ';', '`').Trim();
            if (SpdxExpression.Parse(value).Normalized is { } normalized && !found.Contains(normalized))
                found.Add(normalized);
        }
        return found;
    }

    [GeneratedRegex(@"SPDX-License-Identifier\s*:\s*(?<expr>[^\r\n]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}

using System.Text;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// Pulls the comment blocks out of the start of a source file, with the comment markers removed, so
/// a license header can be compared with license texts without the code around it. Each `/* … */`
/// (or `&lt;!-- --&gt;`, docstring, `(* *)`, `{- -}`) is one block; a run of consecutive line comments
/// with the same marker (`//`, `#`, `--`, `;`, `%`, `'`, `!`), blank lines included, is one block.
/// </summary>
internal static class SourceComments
{
    private static readonly (string Open, string Close)[] BlockMarkers =
        [("/*", "*/"), ("<!--", "-->"), ("\"\"\"", "\"\"\""), ("'''", "'''"), ("(*", "*)"), ("{-", "-}")];

    private static readonly string[] LineMarkers = ["//", "#", "--", ";", "%", "'", "!"];

    private static readonly string[] LicenseWords =
        ["licen", "copyright", "permission", "warrant", "free software", "public domain", "redistribut"];

    /// <summary>The comment blocks that mention licensing at all (cheap pre-filter before matching).</summary>
    public static IEnumerable<string> LicenseLikeBlocks(string text) =>
        Blocks(text).Where(b => LicenseWords.Any(w => b.Contains(w, StringComparison.OrdinalIgnoreCase)));

    public static List<string> Blocks(string text)
    {
        var blocks = new List<string>();
        var current = new StringBuilder();
        string? runMarker = null; // marker of the current run of line comments
        string? close = null;     // set while inside a block comment

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (close is not null)
            {
                var end = line.IndexOf(close, StringComparison.Ordinal);
                current.AppendLine((end >= 0 ? line[..end] : line).TrimStart('*'));
                if (end >= 0) { Flush(); close = null; }
                continue;
            }

            var block = BlockMarkers.FirstOrDefault(m => line.StartsWith(m.Open, StringComparison.Ordinal));
            if (block.Open is not null)
            {
                Flush();
                runMarker = null;
                var rest = line[block.Open.Length..];
                var end = rest.IndexOf(block.Close, StringComparison.Ordinal);
                current.AppendLine((end >= 0 ? rest[..end] : rest).TrimStart('*'));
                if (end >= 0) Flush();
                else close = block.Close;
                continue;
            }

            var marker = LineMarkers.FirstOrDefault(m => line.StartsWith(m, StringComparison.Ordinal));
            if (marker is not null)
            {
                if (marker != runMarker) { Flush(); runMarker = marker; }
                current.AppendLine(line[marker.Length..].TrimStart(marker[0]));
                continue;
            }

            if (line.Length == 0) continue; // paragraphs of one header are often separated by blank lines
            Flush(); // code ends a run of line comments
            runMarker = null;
        }
        Flush();
        return blocks;

        void Flush()
        {
            if (current.Length > 0 && current.ToString().Trim() is { Length: > 0 } content) blocks.Add(content);
            current.Clear();
        }
    }
}

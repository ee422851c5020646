using System.Text.RegularExpressions;

namespace TrustedOss.Tests.Infra;

/// <summary>One instruction of a Dockerfile: continuation lines joined, comments dropped.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line, int Stage);

/// <summary>A parsed Dockerfile: its instructions by build stage (each FROM starts one).</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(string name, IReadOnlyList<DockerInstruction> instructions)
    {
        Name = name;
        Instructions = instructions;
    }

    public string Name { get; }
    public IReadOnlyList<DockerInstruction> Instructions { get; }

    public int FinalStage => Instructions.Count == 0 ? -1 : Instructions[^1].Stage;

    public IEnumerable<DockerInstruction> InFinalStage => Instructions.Where(i => i.Stage == FinalStage);

    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(i => string.Equals(i.Keyword, keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>Stage aliases (<c>FROM x AS name</c>), which <c>COPY --from</c> may name instead of an image.</summary>
    public IReadOnlySet<string> StageNames =>
        All("FROM").Select(f => StageAlias().Match(f.Arguments)).Where(m => m.Success).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();

    /// <summary>ENV of the final stage (both <c>KEY=value</c> pairs and the legacy <c>KEY value</c> form).</summary>
    public IReadOnlyDictionary<string, string> FinalEnvironment =>
        InFinalStage.Where(i => i.Keyword == "ENV").SelectMany(i => Assignments(i.Arguments))
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    public static Dockerfile Load(string path) => Parse(Path.GetFileName(path), File.ReadAllText(path));

    public static Dockerfile Parse(string name, string text)
    {
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var buffer = "";
        var start = 0;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd();
            if (line.TrimStart().StartsWith('#')) continue; // comments, also inside a continued instruction
            if (buffer.Length == 0)
            {
                if (line.Length == 0) continue;
                start = n + 1;
            }
            var continued = line.EndsWith('\\');
            buffer += (buffer.Length == 0 ? "" : " ") + (continued ? line[..^1] : line).Trim();
            if (continued) continue;
            var space = buffer.IndexOf(' ');
            var keyword = (space < 0 ? buffer : buffer[..space]).ToUpperInvariant();
            if (keyword == "FROM") stage++;
            instructions.Add(new DockerInstruction(keyword, space < 0 ? "" : buffer[(space + 1)..].Trim(), start, stage));
            buffer = "";
        }
        return new Dockerfile(name, instructions);
    }

    public static IEnumerable<KeyValuePair<string, string>> Assignments(string arguments)
    {
        var pairs = Assignment().Matches(arguments);
        if (pairs.Count > 0)
            return pairs.Select(m => KeyValuePair.Create(m.Groups["k"].Value, m.Groups["v"].Value.Trim('"')));
        var space = arguments.IndexOf(' ');
        return space < 0 ? [KeyValuePair.Create(arguments, "")] : [KeyValuePair.Create(arguments[..space], arguments[(space + 1)..].Trim())];
    }

    [GeneratedRegex(@"(?i)\sAS\s+([A-Za-z0-9_.-]+)\s*$")]
    private static partial Regex StageAlias();

    [GeneratedRegex("""(?<k>[A-Za-z_][A-Za-z0-9_]*)=(?<v>"[^"]*"|\S*)""")]
    private static partial Regex Assignment();
}

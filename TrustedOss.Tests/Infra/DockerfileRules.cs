using System.Text.RegularExpressions;

namespace TrustedOss.Tests.Infra;

/// <summary>
/// What infra/images/*.Dockerfile must satisfy: every image and tool pinned to a version (no
/// <c>latest</c>, no bare <c>pip install x</c> or <c>npm i</c>, no downloads around the pins), a
/// non-root USER and a HEALTHCHECK in the final stage, and no secret in ENV or ARG.
/// </summary>
public static partial class DockerfileRules
{
    public static IReadOnlyList<string> Violations(Dockerfile file)
    {
        var found = new List<string>();
        void Flag(DockerInstruction i, string why) => found.Add($"{file.Name}:{i.Line} {i.Keyword} {Short(i.Arguments)}: {why}");

        foreach (var from in file.All("FROM"))
            CheckImage(from, ImageOfFrom(from.Arguments), Flag);
        foreach (var copy in file.All("COPY").Concat(file.All("ADD")))
        {
            var source = CopyFrom().Match(copy.Arguments);
            if (source.Success && !file.StageNames.Contains(source.Groups[1].Value.ToLowerInvariant()) && !source.Groups[1].Value.All(char.IsDigit))
                CheckImage(copy, source.Groups[1].Value, Flag);
            if (copy.Keyword == "ADD" && copy.Arguments.Contains("://", StringComparison.Ordinal))
                Flag(copy, "ADD of a URL downloads something no pin covers");
        }
        foreach (var run in file.All("RUN"))
            foreach (var command in Commands().Split(run.Arguments).Select(c => c.Trim()).Where(c => c.Length > 0))
                CheckCommand(file, run, command, Flag);

        var final = file.InFinalStage.ToArray();
        var user = final.LastOrDefault(i => i.Keyword == "USER");
        if (user is null) found.Add($"{file.Name}: the final stage has no USER, so it runs as root");
        else if (user.Arguments.Split(':')[0] is "root" or "0") Flag(user, "the final stage must run as a non-root user");
        var health = final.LastOrDefault(i => i.Keyword == "HEALTHCHECK");
        if (health is null || !health.Arguments.Contains("CMD", StringComparison.Ordinal))
            found.Add($"{file.Name}: the final stage has no HEALTHCHECK CMD");

        foreach (var setting in file.All("ENV").Concat(file.All("ARG")))
            foreach (var (key, value) in Dockerfile.Assignments(setting.Arguments))
            {
                if (AppSettingsCatalog.IsSecret(key) && value.Length > 0) Flag(setting, $"{key} looks like a secret and has a value baked into the image");
                if (SecretValue().IsMatch(value)) Flag(setting, $"{key} holds a credential");
            }
        return found;
    }

    /// <summary>The pinned versions of the tools an image carries, by tool.</summary>
    public static IReadOnlyDictionary<string, string> ToolPins(Dockerfile file)
    {
        var pins = new Dictionary<string, string>();
        foreach (var image in file.All("FROM").Select(f => ImageOfFrom(f.Arguments)))
        {
            var (repository, tag) = SplitImage(image);
            if (tag is null) continue;
            switch (repository)
            {
                case "node": pins["node"] = tag; break;
                case "ghcr.io/aquasecurity/trivy" or "aquasec/trivy": pins["trivy"] = tag; break;
                case "mcr.microsoft.com/dotnet/sdk": pins["dotnet-sdk"] = tag; break;
            }
        }
        foreach (var match in file.All("RUN").SelectMany(r => PipPin().Matches(r.Arguments)))
            pins[match.Groups["package"].Value] = match.Groups["version"].Value;
        return pins;
    }

    public static (string Repository, string? Tag) SplitImage(string image)
    {
        var at = image.IndexOf('@');
        var name = at < 0 ? image : image[..at];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? (name[..colon], name[(colon + 1)..]) : (name, null);
    }

    private static string ImageOfFrom(string arguments) =>
        arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(t => !t.StartsWith("--", StringComparison.Ordinal));

    private static void CheckImage(DockerInstruction at, string image, Action<DockerInstruction, string> flag)
    {
        if (image == "scratch") return;
        var (_, tag) = SplitImage(image);
        var digest = image.Contains("@sha256:", StringComparison.Ordinal);
        if (tag is null && !digest) flag(at, $"{image} has no tag or digest");
        else if (tag is "latest") flag(at, $"{image} uses the latest tag");
        else if (tag is not null && !tag.Any(char.IsDigit) && !digest) flag(at, $"{image} has no version in its tag");
    }

    private static void CheckCommand(Dockerfile file, DockerInstruction run, string command, Action<DockerInstruction, string> flag)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('"', '\'')).ToArray();
        var tool = Path.GetFileName(words[0]);
        if (tool is "curl" or "wget") flag(run, $"`{tool}` downloads something no pin covers");
        if (tool is "pip" or "pip3" && words.ElementAtOrDefault(1) == "install")
            foreach (var package in words.Skip(2).Where(w => !w.StartsWith('-')))
                if (!package.Contains("==", StringComparison.Ordinal)) flag(run, $"pip package {package} is not pinned with ==");
        if (tool is "npm" or "yarn" or "pnpm")
        {
            var verb = words.ElementAtOrDefault(1);
            if (verb is "i" or "install" or "add")
            {
                var packages = words.Skip(2).Where(w => !w.StartsWith('-')).ToArray();
                if (packages.Length == 0) flag(run, $"`{tool} {verb}` resolves versions afresh; use npm ci with the lock file");
                foreach (var package in packages.Where(p => !NpmPin().IsMatch(p)))
                    flag(run, $"npm package {package} is not pinned to an exact version");
            }
            if (verb == "ci" && !file.Instructions.Any(i => i.Stage == run.Stage && i.Keyword == "COPY" && i.Arguments.Contains("package-lock.json", StringComparison.Ordinal)))
                flag(run, "npm ci without package-lock.json copied into this stage");
        }
        if (tool == "npx") flag(run, "npx fetches whatever version is current");
    }

    private static string Short(string s) => s.Length <= 60 ? s : s[..57] + "...";

    [GeneratedRegex(@"--from=(\S+)")]
    private static partial Regex CopyFrom();

    [GeneratedRegex(@"&&|\|\||;|\|")]
    private static partial Regex Commands();

    [GeneratedRegex(@"^(@[^/@]+/)?[^@]+@\d+\.\d+\.\d+\S*$")]
    private static partial Regex NpmPin();

    [GeneratedRegex("""pip3? install [^&;]*?"?(?<package>[A-Za-z0-9_.-]+)==(?<version>[0-9][A-Za-z0-9.+-]*)""")]
    private static partial Regex PipPin();

    [GeneratedRegex("(?i)AccountKey=|Password=|SharedAccessKey=|AccessKey=")]
    private static partial Regex SecretValue();
}

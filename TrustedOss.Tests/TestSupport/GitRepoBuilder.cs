using CliWrap;
using CliWrap.Buffered;

namespace TrustedOss.Tests.TestSupport;

/// <summary>Builds a real local git repository (git init + commit) for clone tests, offline.</summary>
public sealed class GitRepoBuilder(string path, string branch = "main")
{
    private readonly List<(string RelativePath, string? Content, string? LinkTarget)> _files = [];

    public GitRepoBuilder WithFile(string relativePath, string content)
    {
        _files.Add((relativePath, content, null));
        return this;
    }

    /// <summary>Copies every file of a TestData folder into the repository root.</summary>
    public GitRepoBuilder WithTestData(string folder)
    {
        var source = Path.Combine(RepoPaths.TestDataDir, folder);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            _files.Add((Path.GetRelativePath(source, file), File.ReadAllText(file), null));
        return this;
    }

    /// <summary>Copies a directory of the repository (e.g. samples/demo-app) into the repository root.</summary>
    public GitRepoBuilder WithDirectory(string source)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            _files.Add((Path.GetRelativePath(source, file), File.ReadAllText(file), null));
        return this;
    }

    public GitRepoBuilder WithSymlink(string relativePath, string target)
    {
        _files.Add((relativePath, null, target));
        return this;
    }

    /// <summary>Creates the repository and returns the sha of its single commit.</summary>
    public async Task<string> BuildAsync()
    {
        Directory.CreateDirectory(path);
        await GitAsync("init", "-q", "-b", branch);
        foreach (var (relative, content, link) in _files)
        {
            var full = Path.Combine(path, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (link is null) await File.WriteAllTextAsync(full, content);
            else File.CreateSymbolicLink(full, link);
        }
        await GitAsync("add", "-A");
        await GitAsync("-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "fixture");
        return (await GitAsync("rev-parse", "HEAD")).Trim();
    }

    /// <summary>After <see cref="BuildAsync"/>: a branch off the first commit with <paramref name="files"/> written over it; returns its sha.</summary>
    public async Task<string> AddBranchAsync(string name, IReadOnlyDictionary<string, string> files)
    {
        await GitAsync("checkout", "-q", "-b", name);
        foreach (var (relative, content) in files) await File.WriteAllTextAsync(Path.Combine(path, relative), content);
        await GitAsync("add", "-A");
        await GitAsync("-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", name);
        var sha = (await GitAsync("rev-parse", "HEAD")).Trim();
        await GitAsync("checkout", "-q", branch);
        return sha;
    }

    public string FileUrl => "file://" + path;

    private async Task<string> GitAsync(params string[] arguments)
    {
        var result = await Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(path)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {result.StandardError}");
        return result.StandardOutput;
    }
}

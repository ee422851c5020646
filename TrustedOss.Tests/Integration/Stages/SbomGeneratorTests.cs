using System.Diagnostics;
using System.Text.Json;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Stages;

/// <summary>The cdxgen stage with the pinned cdxgen from the tools folder, on real source trees.</summary>
public sealed class SbomGeneratorTests : IDisposable
{
    private readonly SourceFetcherHarness _fetch = new();
    private readonly SbomGenerator _stage = new(new CdxgenTool(new ProcessRunner(TimeProvider.System), TestSettings.Tools()));
    private readonly RecordingStageLog _log = new();

    public SbomGeneratorTests() => Assert.True(File.Exists(RepoPaths.Cdxgen));

    public void Dispose() => _fetch.Dispose();

    private ScanWorkspace WorkspaceWith(params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(_fetch.Workspace.SourceDir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        return _fetch.Workspace;
    }

    [Fact]
    public async Task A_cloned_npm_repo_with_a_lock_file_yields_an_sbom_with_its_exact_components()
    {
        var repo = _fetch.Temp.Combine("repos", "npm-app");
        await new GitRepoBuilder(repo).WithTestData("npm-minimist").BuildAsync();
        await _fetch.FetchAsync(FetchSource.Git("file://" + repo, "main"));

        var result = await _stage.RunAsync(_fetch.Workspace, verbose: false, _log, CancellationToken.None);

        Assert.Equal(_fetch.Workspace.SbomPath, result.SbomPath);
        Assert.Equal(2, result.ComponentCount);
        Assert.Equal(2, result.ManifestCount); // package.json + package-lock.json
        using var sbom = JsonDocument.Parse(File.ReadAllText(result.SbomPath));
        Assert.Equal("1.4", sbom.RootElement.GetProperty("specVersion").GetString());
        var purls = sbom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("purl").GetString()).Order();
        Assert.Equal(["pkg:npm/minimist@1.2.5", "pkg:npm/ms@2.1.3"], purls);
        Assert.Contains(_log.On(LogStream.Info), l => l.StartsWith("$ ") && l.Contains("cdxgen -r --no-install-deps --fail-on-error --spec-version 1.4"));
    }

    [Fact]
    public async Task Dependencies_without_a_lock_file_fail_as_zero_components_from_n_manifests_and_say_why()
    {
        var workspace = WorkspaceWith(("package.json", """{"name":"a","version":"1.0.0","dependencies":{"ms":"^2.1.3"}}"""));
        var stopwatch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<StageFailedException>(() => _stage.RunAsync(workspace, verbose: false, _log, CancellationToken.None));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), "cdxgen must not hang trying to install packages");
        Assert.Equal("0 components from 1 manifests (package.json without a lock file: commit package-lock.json).", ex.Message);
        Assert.Contains(_log.On(LogStream.Info), l => l.StartsWith("package.json has dependencies but no lock file"));
        Assert.True(File.Exists(workspace.SbomPath), "cdxgen ran and wrote its (empty) SBOM");
    }

    [Fact]
    public async Task A_package_json_declaring_no_dependencies_is_a_success_with_zero_components()
    {
        var workspace = WorkspaceWith(("package.json", """{"name":"b","version":"1.0.0","dependencies":{}}"""));

        var result = await _stage.RunAsync(workspace, verbose: false, _log, CancellationToken.None);

        Assert.Equal(0, result.ComponentCount);
        Assert.Equal(0, result.ManifestCount);
        using var sbom = JsonDocument.Parse(File.ReadAllText(result.SbomPath));
        Assert.Equal("CycloneDX", sbom.RootElement.GetProperty("bomFormat").GetString());
    }

    [Fact]
    public async Task Cancelling_stops_cdxgen_and_its_children_within_5_seconds()
    {
        // The workspace path is unique to this test and is in cdxgen's argv: the marker for /proc.
        var workspace = WorkspaceWith(("package-lock.json", File.ReadAllText(Path.Combine(RepoPaths.TestDataDir, "npm-minimist", "package-lock.json"))));
        var marker = workspace.SourceDir;
        using var cts = new CancellationTokenSource();

        var run = _stage.RunAsync(workspace, verbose: true, _log, cts.Token);
        Assert.NotEmpty(await ProcessTable.WaitForAsync(marker, 1, TimeSpan.FromSeconds(10)));
        var stopwatch = Stopwatch.StartNew();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(5) - stopwatch.Elapsed));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }
}

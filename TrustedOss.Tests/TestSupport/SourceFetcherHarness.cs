using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Tests.TestSupport;

/// <summary>The fetch stage wired as the app wires it (real runner, git, extractor) over a temp workspace root.</summary>
public sealed class SourceFetcherHarness : IDisposable
{
    public SourceFetcherHarness(long maxBytes = 10 * 1024 * 1024, int maxEntries = 1000, string schemes = "https,ssh,file")
    {
        Temp = new TempDirectory("trustedoss-fetch");
        var workspaceOptions = TestSettings.Workspaces(Temp.Combine("workspaces"), maxBytes, maxEntries);
        Workspaces = new ScanWorkspaces(workspaceOptions);
        var git = new GitClient(new ProcessRunner(TimeProvider.System), TestSettings.Tools(), TestSettings.Git(schemes));
        Stage = new SourceFetcher(git, new ArchiveExtractor(workspaceOptions));
        Workspace = Workspaces.Create(Guid.NewGuid());
    }

    public TempDirectory Temp { get; }
    public ScanWorkspaces Workspaces { get; }
    public SourceFetcher Stage { get; }
    public ScanWorkspace Workspace { get; }
    public RecordingStageLog Log { get; } = new();

    public Task<FetchResult> FetchAsync(FetchSource source, CancellationToken cancellationToken = default) =>
        Stage.RunAsync(Workspace, source, Log, cancellationToken);

    public Task<FetchResult> FetchZipAsync(ZipBuilder zip) =>
        FetchAsync(FetchSource.Archive(zip.WriteTo(Temp.Combine($"upload-{Guid.NewGuid():N}.zip"))));

    public void Dispose() => Temp.Dispose();
}

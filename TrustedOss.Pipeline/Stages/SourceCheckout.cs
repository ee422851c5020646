using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// Puts the scan's source into its workspace: the git branch, or the upload kept in storage. Stages
/// that read the tree call <see cref="EnsureAsync"/>, so a stage that lands on another worker than
/// the fetch (several instances share one task hub) fetches the same source again instead of failing.
/// </summary>
public sealed class SourceCheckout(SourceFetcher fetcher, UploadStore uploads)
{
    public async Task<FetchResult> FetchAsync(StageContext context, CancellationToken ct)
    {
        FetchSource source;
        if (context.Metadata.Upload is { } blob)
        {
            var archive = Path.Combine(context.Workspace.RootDir, "upload.zip");
            await uploads.DownloadToAsync(blob, archive, ct);
            source = FetchSource.Archive(archive);
        }
        else
        {
            source = FetchSource.Git(
                context.GitUrl ?? throw new StageFailedException("The project has no git_url; set one or upload the source as a .zip."),
                context.Branch);
        }
        return await fetcher.RunAsync(context.Workspace, source, context.Log, ct);
    }

    public async Task<string> EnsureAsync(StageContext context, CancellationToken ct)
    {
        var src = context.Workspace.SourceDir;
        if (Directory.Exists(src) && Directory.EnumerateFileSystemEntries(src).Any()) return src;
        await context.Log.WriteAsync(LogStream.Info, "The source is not on this worker; fetching it again", ct);
        return (await FetchAsync(context, ct)).SourceDir;
    }
}

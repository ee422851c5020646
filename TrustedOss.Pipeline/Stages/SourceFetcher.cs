using TrustedOss.Pipeline.Security;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// Fetches the project's source into the scan workspace's <c>src/</c> — a shallow clone of
/// the branch, or the extracted upload. On any failure (or cancellation) the workspace is removed, and
/// failures surface as a <see cref="StageFailedException"/> whose message is one line for the user.
/// </summary>
public sealed class SourceFetcher(GitClient git, ArchiveExtractor extractor)
{
    public async Task<FetchResult> RunAsync(ScanWorkspace workspace, FetchSource source, IStageLog log, CancellationToken cancellationToken)
    {
        try
        {
            workspace.ResetSource(); // a retried activity starts from an empty src/
            var sha = source.IsGit
                ? await CloneAsync(workspace, source, log, cancellationToken)
                : await ExtractAsync(workspace, source, log, cancellationToken);
            return new FetchResult(workspace.SourceDir, sha);
        }
        catch (OperationCanceledException)
        {
            workspace.Delete();
            throw;
        }
        catch (StageFailedException ex)
        {
            workspace.Delete();
            await log.WriteAsync(LogStream.Info, ex.Message, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            workspace.Delete();
            var message = "Fetching the source failed: " + CredentialRedactor.Redact(ex.Message.ReplaceLineEndings(" "));
            await log.WriteAsync(LogStream.Info, message, CancellationToken.None);
            throw new StageFailedException(message, ex);
        }
    }

    private async Task<string> CloneAsync(ScanWorkspace workspace, FetchSource source, IStageLog log, CancellationToken cancellationToken)
    {
        var branch = source.Branch ?? throw new StageFailedException("A git source needs a branch (the project's default_branch).");
        await log.WriteAsync(LogStream.Info, $"Cloning {CredentialRedactor.MaskUrl(source.GitUrl)} (branch {branch}, depth 1)", cancellationToken);
        var sha = await git.CloneAsync(source.GitUrl!, branch, workspace.SourceDir, log, cancellationToken);
        await log.WriteAsync(LogStream.Info, $"Checked out commit {sha}", cancellationToken);
        return sha;
    }

    private async Task<string?> ExtractAsync(ScanWorkspace workspace, FetchSource source, IStageLog log, CancellationToken cancellationToken)
    {
        var archive = source.ArchivePath ?? throw new StageFailedException("The scan has neither a git URL nor an uploaded archive.");
        if (!File.Exists(archive)) throw new StageFailedException("The uploaded archive is no longer on the worker; upload it again.");
        await log.WriteAsync(LogStream.Info, "Extracting the uploaded archive", cancellationToken);
        var result = await extractor.ExtractAsync(archive, workspace.SourceDir, cancellationToken);
        await log.WriteAsync(LogStream.Info, $"Extracted {result.Files} files ({result.Bytes} bytes)", cancellationToken);
        if (result.UnwrappedFolder is not null)
            await log.WriteAsync(LogStream.Info, $"All entries were under the folder '{result.UnwrappedFolder}'; it is the source root", cancellationToken);
        if (result.SkippedSymlinks > 0)
            await log.WriteAsync(LogStream.Info, $"Skipped {result.SkippedSymlinks} symlinks pointing inside the archive (their targets are scanned directly)", cancellationToken);
        return null;
    }
}

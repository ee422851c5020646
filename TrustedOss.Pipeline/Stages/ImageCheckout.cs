using System.Text;
using System.Text.Json;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Images;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// Puts a container scan's image into its workspace as an archive: the upload kept in storage (checked to be a
/// docker-save or OCI archive), or the reference pulled by skopeo with the settings' credentials. Stages that
/// read the image call <see cref="EnsureAsync"/>, so one landing on another worker fetches it again.
/// </summary>
public sealed class ImageCheckout(UploadStore uploads, SkopeoTool skopeo, RegistryOptions registry, OciLayoutExtractor layouts)
{
    /// <summary>Returns what trivy reads: the docker-save tar, or the unpacked layout directory of an OCI archive.</summary>
    public async Task<string> FetchAsync(StageContext context, CancellationToken ct)
    {
        var archive = context.Workspace.ImageArchivePath;
        Directory.CreateDirectory(context.Workspace.RootDir);
        File.Delete(archive); // a retried activity starts from nothing
        DirectoryRemover.Remove(context.Workspace.ImageLayoutDir);
        if (context.Metadata.Upload is { } blob)
        {
            await uploads.DownloadToAsync(blob, archive, ct);
            return await CheckAsync(context, archive, "The uploaded image archive", ct);
        }

        var value = context.Metadata.ImageRef ?? throw new StageFailedException("The container scan has neither an image reference nor an uploaded image archive.");
        if (!ImageReference.TryParse(value, out var image, out var reason))
            throw new StageFailedException($"'{value}' is not a container image reference: {reason}.");
        await PullAsync(context, image, archive, ct);
        return await CheckAsync(context, archive, $"The image pulled from {image.Registry}", ct);
    }

    public async Task<string> EnsureAsync(StageContext context, CancellationToken ct)
    {
        if (Directory.Exists(context.Workspace.ImageLayoutDir)) return context.Workspace.ImageLayoutDir;
        if (File.Exists(context.Workspace.ImageArchivePath)) return context.Workspace.ImageArchivePath;
        await context.Log.WriteAsync(LogStream.Info, "The image is not on this worker; fetching it again", ct);
        return await FetchAsync(context, ct);
    }

    private async Task PullAsync(StageContext context, ImageReference image, string archive, CancellationToken ct)
    {
        var authFile = registry.HasCredentials ? await WriteAuthFileAsync(context.Workspace, image, ct) : null;
        try
        {
            await context.Log.WriteAsync(LogStream.Info,
                $"Pulling {image.ForPull} from {image.Registry}{(authFile is null ? "" : " with the configured registry credentials")} (timeout {registry.PullTimeout.TotalSeconds:0} s)", ct);
            ToolResult run;
            try
            {
                run = await skopeo.CopyToArchiveAsync(image, archive, authFile, context.Verbose, context.Log, ct);
            }
            catch (ToolTimeoutException)
            {
                throw new StageFailedException($"Pulling {image.ForPull} from {image.Registry} failed: no answer within {registry.PullTimeout.TotalSeconds:0} s (setting {RegistryOptions.PullTimeoutKey}).");
            }
            if (!run.Succeeded || !File.Exists(archive))
                throw new StageFailedException(RegistryPullError.Describe(image, run.StderrTail, run.ExitCode));
        }
        finally
        {
            if (authFile is not null) File.Delete(authFile);
        }
    }

    private async Task<string> CheckAsync(StageContext context, string archive, string what, CancellationToken ct)
    {
        try
        {
            var format = await ImageArchiveInspector.InspectFileAsync(archive, ct);
            await context.Log.WriteAsync(LogStream.Info,
                $"{what} is a {(format == ImageArchiveFormat.Oci ? "OCI" : "docker-save")} archive of {new FileInfo(archive).Length} bytes", ct);
            if (format == ImageArchiveFormat.DockerSave) return archive;
            await layouts.ExtractAsync(archive, context.Workspace.ImageLayoutDir, ct);
            File.Delete(archive);
            return context.Workspace.ImageLayoutDir;
        }
        catch (InvalidImageArchiveException e)
        {
            throw new StageFailedException(e.Message);
        }
    }

    /// <summary>containers-auth.json for the reference's registry, readable by this user only, removed after the pull.</summary>
    private async Task<string> WriteAuthFileAsync(ScanWorkspace workspace, ImageReference image, CancellationToken ct)
    {
        var path = Path.Combine(workspace.RootDir, "registry-auth.json");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.Username}:{registry.Password}"));
        var json = JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [image.Registry] = new { auth } } });
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(path, options))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(json), ct);
        }
        return path;
    }
}

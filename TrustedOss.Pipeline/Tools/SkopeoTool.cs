using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Images;
using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// skopeo pulls an image reference into a docker-archive tar on the worker's disk, without a Docker engine.
/// The pull is bounded by IMAGE_PULL_TIMEOUT_SECONDS twice: skopeo's own `--command-timeout` (so it reports
/// the registry error itself) and the process runner's timeout a little later (so nothing ever hangs).
/// </summary>
public sealed class SkopeoTool(IProcessRunner runner, RegistryOptions registry)
{
    /// <param name="authFile">A containers-auth.json with the settings' credentials, or null to pull anonymously.</param>
    public Task<ToolResult> CopyToArchiveAsync(ImageReference image, string archivePath, string? authFile, bool verbose, IStageLog log, CancellationToken ct)
    {
        string[] arguments =
        [
            "--command-timeout", $"{(int)registry.PullTimeout.TotalSeconds}s", .. verbose ? new[] { "--debug" } : [],
            "copy", "--retry-times", "0", .. authFile is null ? Array.Empty<string>() : ["--src-authfile", authFile],
            .. registry.IsInsecure(image.Registry) ? new[] { "--src-tls-verify=false" } : [],
            "docker://" + image.ForPull, "docker-archive:" + archivePath,
        ];
        return runner.RunAsync(new ToolCommand(registry.SkopeoPath, arguments, Path.GetDirectoryName(archivePath)!,
            registry.PullTimeout + TimeSpan.FromSeconds(15)), log, ct);
    }
}

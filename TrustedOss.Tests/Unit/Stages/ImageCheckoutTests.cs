using System.Text;
using System.Text.Json;
using Moq;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Images;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Stages;

/// <summary>How a pull is asked of skopeo (the process runner mocked: this is about the arguments and the auth file).</summary>
public sealed class ImageCheckoutTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("image-checkout-").FullName;
    private readonly Mock<IProcessRunner> runner = new(MockBehavior.Strict);

    public void Dispose() => DirectoryRemover.Remove(root);

    private (ImageCheckout Checkout, StageContext Context) Arrange(string imageRef, string? username = null, string? password = null, string[]? insecure = null)
    {
        var registry = new RegistryOptions("/usr/bin/skopeo", TimeSpan.FromSeconds(7), username, password, insecure);
        var limits = new WorkspaceOptions(root, 1024, 1024 * 1024, 100);
        var checkout = new ImageCheckout(new UploadStore(new DurableOptions("UseDevelopmentStorage=true", "hub", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), limits),
            new SkopeoTool(runner.Object, registry), registry, new OciLayoutExtractor(limits));
        var scanId = Guid.NewGuid();
        var context = new StageContext(scanId, Guid.NewGuid(), ScanKind.Container, new ScanMetadata("normal", imageRef), null, "main",
            new ScanWorkspace(scanId, Path.Combine(root, scanId.ToString())), new RecordingStageLog());
        return (checkout, context);
    }

    [Fact]
    public async Task Credentials_reach_skopeo_only_in_a_private_auth_file_for_the_references_registry_removed_after_the_pull()
    {
        var (checkout, context) = Arrange("ghcr.io/org/app:1", "robot", "s3cret-token");
        ToolCommand? seen = null;
        string? authJson = null;
        UnixFileMode? authMode = null;
        runner.Setup(r => r.RunAsync(It.IsAny<ToolCommand>(), It.IsAny<IStageLog>(), It.IsAny<CancellationToken>()))
            .Returns<ToolCommand, IStageLog, CancellationToken>((command, _, _) =>
            {
                seen = command;
                var authFile = command.Arguments[command.Arguments.ToList().IndexOf("--src-authfile") + 1];
                authJson = File.ReadAllText(authFile);
                if (!OperatingSystem.IsWindows()) authMode = File.GetUnixFileMode(authFile);
                return Task.FromResult(new ToolResult(1, TimeSpan.Zero, ["time=\"x\" level=fatal msg=\"initializing source docker://ghcr.io/org/app:1: reading manifest 1 in ghcr.io/org/app: unauthorized\""]));
            });

        var e = await Assert.ThrowsAsync<StageFailedException>(() => checkout.FetchAsync(context, default));

        Assert.Equal("Pulling ghcr.io/org/app:1 from ghcr.io failed: reading manifest 1 in ghcr.io/org/app: unauthorized", e.Message);
        Assert.Equal("/usr/bin/skopeo", seen!.FileName);
        Assert.Equal(["--command-timeout", "7s", "copy", "--retry-times", "0", "--src-authfile"], seen.Arguments.Take(6));
        Assert.Equal(["docker://ghcr.io/org/app:1", "docker-archive:" + context.Workspace.ImageArchivePath], seen.Arguments.TakeLast(2));
        Assert.DoesNotContain(seen.Arguments, a => a.Contains("s3cret") || a.Contains("robot"));
        Assert.Equal(TimeSpan.FromSeconds(22), seen.Timeout);
        var auth = JsonDocument.Parse(authJson!).RootElement.GetProperty("auths").GetProperty("ghcr.io").GetProperty("auth").GetString()!;
        Assert.Equal("robot:s3cret-token", Encoding.UTF8.GetString(Convert.FromBase64String(auth)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, authMode);
        Assert.False(File.Exists(Path.Combine(context.Workspace.RootDir, "registry-auth.json")), "the auth file outlived the pull");
    }

    [Fact]
    public async Task Without_credentials_there_is_no_auth_file_a_bare_name_pulls_latest_and_a_killed_pull_names_the_timeout_setting()
    {
        var (checkout, context) = Arrange("alpine");
        ToolCommand? seen = null;
        runner.Setup(r => r.RunAsync(It.IsAny<ToolCommand>(), It.IsAny<IStageLog>(), It.IsAny<CancellationToken>()))
            .Callback<ToolCommand, IStageLog, CancellationToken>((command, _, _) => seen = command)
            .ThrowsAsync(new ToolTimeoutException("skopeo", TimeSpan.FromSeconds(22)));

        var e = await Assert.ThrowsAsync<StageFailedException>(() => checkout.FetchAsync(context, default));

        Assert.Equal("Pulling alpine:latest from docker.io failed: no answer within 7 s (setting IMAGE_PULL_TIMEOUT_SECONDS).", e.Message);
        Assert.DoesNotContain("--src-authfile", seen!.Arguments);
        Assert.Contains("docker://alpine:latest", seen.Arguments);
        Assert.DoesNotContain("--src-tls-verify=false", seen.Arguments);
    }

    [Theory]
    [InlineData("localhost:5000/app:1", new[] { "localhost:5000" }, true)]
    [InlineData("localhost:5000/app:1", new[] { "LOCALHOST" }, true)]
    [InlineData("localhost:5001/app:1", new[] { "localhost:5000" }, false)]
    [InlineData("ghcr.io/org/app:1", new[] { "localhost", "127.0.0.1" }, false)]
    public async Task Only_the_listed_insecure_registries_are_pulled_without_tls_verification(string imageRef, string[] insecure, bool skipsVerification)
    {
        var (checkout, context) = Arrange(imageRef, insecure: insecure);
        ToolCommand? seen = null;
        runner.Setup(r => r.RunAsync(It.IsAny<ToolCommand>(), It.IsAny<IStageLog>(), It.IsAny<CancellationToken>()))
            .Callback<ToolCommand, IStageLog, CancellationToken>((command, _, _) => seen = command)
            .ReturnsAsync(new ToolResult(1, TimeSpan.Zero, []));

        await Assert.ThrowsAsync<StageFailedException>(() => checkout.FetchAsync(context, default));

        Assert.Equal(skipsVerification, seen!.Arguments.Contains("--src-tls-verify=false"));
    }

    [Fact]
    public async Task A_pulled_file_that_is_not_an_image_archive_fails_the_fetch()
    {
        var (checkout, context) = Arrange("localhost:5000/app:1");
        runner.Setup(r => r.RunAsync(It.IsAny<ToolCommand>(), It.IsAny<IStageLog>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                File.WriteAllText(context.Workspace.ImageArchivePath, "not a tar, but long enough to fill more than the two bytes the check sniffs first");
                return Task.FromResult(new ToolResult(0, TimeSpan.Zero, []));
            });

        var e = await Assert.ThrowsAsync<StageFailedException>(() => checkout.FetchAsync(context, default));

        Assert.Contains("not an image archive", e.Message);
    }
}

using System.Runtime.Versioning;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Workspaces;

public sealed class ScanWorkspacesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private ScanWorkspaces Workspaces => new(TestSettings.Workspaces(_temp.Combine("root")));

    [Fact]
    public void A_workspace_is_root_slash_scan_id_with_src_inside()
    {
        var scanId = Guid.NewGuid();

        var workspace = Workspaces.Create(scanId);

        Assert.Equal(_temp.Combine("root", scanId.ToString()), workspace.RootDir);
        Assert.Equal(Path.Combine(workspace.RootDir, "src"), workspace.SourceDir);
        Assert.True(Directory.Exists(workspace.RootDir));
        Assert.Equal([scanId], Workspaces.ListScanIds());
    }

    [Fact]
    public void Creating_again_for_a_retried_scan_starts_from_an_empty_workspace()
    {
        var scanId = Guid.NewGuid();
        var first = Workspaces.Create(scanId);
        File.WriteAllText(Path.Combine(first.RootDir, "leftover"), "x");

        var second = Workspaces.Create(scanId);

        Assert.Empty(Directory.EnumerateFileSystemEntries(second.RootDir));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void Delete_removes_read_only_files_and_directories_like_gits_objects()
    {
        var workspace = Workspaces.Create(Guid.NewGuid());
        var objects = Path.Combine(workspace.SourceDir, ".git", "objects", "ab");
        Directory.CreateDirectory(objects);
        var blob = Path.Combine(objects, "cdef");
        File.WriteAllText(blob, "blob");
        File.SetUnixFileMode(blob, UnixFileMode.UserRead);
        File.SetUnixFileMode(objects, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        workspace.Delete();

        Assert.False(Directory.Exists(workspace.RootDir));
        workspace.Delete(); // idempotent
    }

    [Fact]
    public void Delete_removes_a_symlink_without_following_it()
    {
        var outside = _temp.Combine("outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        var workspace = Workspaces.Create(Guid.NewGuid());
        Directory.CreateDirectory(workspace.SourceDir);
        Directory.CreateSymbolicLink(Path.Combine(workspace.SourceDir, "link"), outside);

        workspace.Delete();

        Assert.False(Directory.Exists(workspace.RootDir));
        Assert.True(File.Exists(Path.Combine(outside, "keep.txt")));
    }
}

using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Workspaces;

/// <summary>Creates, finds and lists per-scan workspaces under <see cref="WorkspaceOptions.Root"/>.</summary>
public sealed class ScanWorkspaces(WorkspaceOptions options)
{
    // Scanned source may hold secrets (and a clone's credentials): only the service user may read it.
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Root { get; } = Path.GetFullPath(options.Root);

    /// <summary>Creates the scan's workspace (an existing one, from an earlier attempt, is emptied first).</summary>
    public ScanWorkspace Create(Guid scanId)
    {
        var workspace = Get(scanId);
        workspace.Delete();
        CreateDirectory(Root);
        CreateDirectory(workspace.RootDir);
        return workspace;
    }

    /// <summary>The scan's workspace, whether or not it exists on disk.</summary>
    public ScanWorkspace Get(Guid scanId)
    {
        if (scanId == Guid.Empty) throw new ArgumentException("A workspace needs a scan id.", nameof(scanId));
        return new ScanWorkspace(scanId, Path.Combine(Root, scanId.ToString("D")));
    }

    /// <summary>Scan ids that have a workspace on disk (for the orphan-workspace cleaner).</summary>
    public IReadOnlyList<Guid> ListScanIds() =>
        !Directory.Exists(Root)
            ? []
            : Directory.EnumerateDirectories(Root)
                .Select(Path.GetFileName)
                .Select(name => Guid.TryParseExact(name, "D", out var id) ? id : Guid.Empty)
                .Where(id => id != Guid.Empty)
                .ToArray();

    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnly);
    }
}

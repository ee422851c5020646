namespace TrustedOss.Pipeline.Workspaces;

/// <summary>
/// One scan's private directory, <c>&lt;root&gt;/&lt;scanId&gt;/</c>: the fetched source in <c>src/</c> and
/// the stages' outputs (the SBOM, reports) beside it. Paths are derived from the scan id alone, so an
/// activity on another worker (same shared root) finds the same workspace.
/// </summary>
public sealed class ScanWorkspace(Guid scanId, string rootDir)
{
    public Guid ScanId { get; } = scanId;

    /// <summary>The workspace directory itself.</summary>
    public string RootDir { get; } = rootDir;

    /// <summary>The source root the tools scan (git checkout, or the extracted upload).</summary>
    public string SourceDir => Path.Combine(RootDir, "src");

    /// <summary>Where cdxgen writes the CycloneDX SBOM.</summary>
    public string SbomPath => Path.Combine(RootDir, "sbom.json");

    /// <summary>A container scan's image: the uploaded archive, or the reference pulled into a docker-archive tar.</summary>
    public string ImageArchivePath => Path.Combine(RootDir, "image.tar");

    /// <summary>An OCI archive's image layout, unpacked (trivy reads the directory, not the tar).</summary>
    public string ImageLayoutDir => Path.Combine(RootDir, "image-oci");

    public bool Exists => Directory.Exists(RootDir);

    /// <summary>Removes the workspace and everything in it (read-only git objects included). Safe to call twice.</summary>
    public void Delete() => DirectoryRemover.Remove(RootDir);

    /// <summary>Empties <see cref="SourceDir"/> so a retried fetch starts from nothing.</summary>
    public void ResetSource()
    {
        DirectoryRemover.Remove(SourceDir);
        Directory.CreateDirectory(RootDir);
    }

    public override string ToString() => RootDir;
}

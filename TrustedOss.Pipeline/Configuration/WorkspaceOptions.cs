using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>Per-scan workspaces and the limits untrusted uploads must respect.</summary>
public sealed record WorkspaceOptions(
    string Root,
    long UploadMaxBytes,
    long ArchiveMaxUncompressedBytes,
    int ArchiveMaxEntries)
{
    public static WorkspaceOptions From(IConfiguration c) => new(
        Root: SettingsReader.String(c, "WORKSPACE_ROOT", Path.Combine(Path.GetTempPath(), "trustedoss-workspaces")),
        UploadMaxBytes: SettingsReader.Long(c, "UPLOAD_MAX_BYTES", 200L * 1024 * 1024),
        ArchiveMaxUncompressedBytes: SettingsReader.Long(c, "ARCHIVE_MAX_UNCOMPRESSED_BYTES", 2L * 1024 * 1024 * 1024),
        ArchiveMaxEntries: SettingsReader.Int(c, "ARCHIVE_MAX_ENTRIES", 100_000));
}

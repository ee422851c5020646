using System.Text.Json.Serialization;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// Where a source scan's code comes from: a git repository's branch, or an uploaded .zip on the
/// worker's disk. A flat record (not a class hierarchy) so it crosses the durable activity boundary as
/// plain JSON.
/// </summary>
public sealed record FetchSource(string? GitUrl, string? Branch, string? ArchivePath)
{
    public static FetchSource Git(string url, string branch) => new(url, branch, null);

    public static FetchSource Archive(string path) => new(null, null, path);

    [JsonIgnore]
    public bool IsGit => GitUrl is not null;
}

/// <param name="SourceDir">The source root later stages scan (always the workspace's <c>src/</c>).</param>
/// <param name="CommitSha">The checked-out commit; null for an uploaded archive.</param>
public sealed record FetchResult(string SourceDir, string? CommitSha);

namespace TrustedOss.Pipeline.Projects;

/// <summary>
/// A project as the API shows it: the git URL only with its credentials masked, its latest scan, and the
/// component and vulnerability counts of its latest succeeded scans (null before the first one).
/// </summary>
public sealed record ProjectView(
    Guid Id,
    Guid TeamId,
    string TeamSlug,
    string Name,
    string Slug,
    string? GitUrl,
    string DefaultBranch,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    Guid? LastScanId,
    string? LastScanStatus,
    DateTime? LastScanAt,
    int? ComponentCount,
    int? VulnerabilityCount);

/// <summary>POST /v1/projects. `team` is a team id or slug; optional when the caller can create in one team only.</summary>
public sealed record CreateProjectRequest(string? Name, string? Slug = null, string? GitUrl = null, string? DefaultBranch = null, string? Team = null);

/// <summary>PATCH /v1/projects/{id}: absent fields are unchanged; an empty git_url removes it.</summary>
public sealed record UpdateProjectRequest(string? Name = null, string? Slug = null, string? GitUrl = null, string? DefaultBranch = null);

/// <summary>What the pipeline needs to fetch a project's source; carries the real (credentialed) URL, never serialized to clients.</summary>
public sealed record ProjectSource(Guid ProjectId, Guid TeamId, string? GitUrl, string DefaultBranch);

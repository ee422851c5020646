namespace TrustedOss.Pipeline.Teams;

public sealed record TeamView(Guid Id, string Slug, string Name, DateTime CreatedAt);
public sealed record UserView(Guid Id, string Email, string DisplayName, bool IsSuperAdmin, DateTime CreatedAt);
public sealed record MembershipView(Guid TeamId, string TeamSlug, Guid UserId, string Email, string Role);
public sealed record ApiKeyView(Guid Id, Guid UserId, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Returned once when a key is issued; `key` is never retrievable again.</summary>
public sealed record IssuedApiKey(Guid Id, Guid UserId, string Name, string Prefix, string Key);

/// <summary>GET /v1/me: who the key belongs to and their teams, for clients' team switchers.</summary>
public sealed record MeView(Guid UserId, string Email, bool IsSuperAdmin, IReadOnlyList<MyTeam> Teams);
public sealed record MyTeam(Guid Id, string Slug, string Name, string Role);

public sealed record CreateTeamRequest(string? Slug, string? Name);
public sealed record CreateUserRequest(string? Email, string? DisplayName = null, bool IsSuperAdmin = false);
public sealed record SetMembershipRequest(string? Role);
public sealed record IssueApiKeyRequest(string? Name = null);

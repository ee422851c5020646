namespace TrustedOss.Pipeline.Auth;

/// <summary>Who is calling: the user behind an API key, their team roles, and whether they are a super admin.</summary>
public sealed record Caller(Guid UserId, string Email, bool IsSuperAdmin, IReadOnlyDictionary<Guid, TeamRole> Roles)
{
    /// <summary>Super admins act with admin rights on every team.</summary>
    public bool Has(Guid teamId, TeamRole atLeast) =>
        IsSuperAdmin || (Roles.TryGetValue(teamId, out var role) && role >= atLeast);

    /// <summary>Whether the caller may see the team's resources at all (existence is hidden otherwise).</summary>
    public bool CanSee(Guid teamId) => Has(teamId, TeamRole.Viewer);

    public string Label => Email;

    /// <summary>The service itself (seeding, timers): super-admin rights, audited as "system".</summary>
    public static Caller System { get; } = new(Guid.Empty, "system", true, new Dictionary<Guid, TeamRole>());
}

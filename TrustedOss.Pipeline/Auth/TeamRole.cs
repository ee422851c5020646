namespace TrustedOss.Pipeline.Auth;

/// <summary>A user's role on a team; each role includes the ones before it.</summary>
public enum TeamRole { Viewer = 1, Developer = 2, Admin = 3 }

public static class TeamRoles
{
    public static string ToSlug(this TeamRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out TeamRole role)
    {
        role = default;
        return value is "viewer" or "developer" or "admin" && Enum.TryParse(value, ignoreCase: true, out role);
    }
}

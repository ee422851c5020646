namespace TrustedOss.Pipeline.Projects;

/// <summary>
/// Checks a default_branch the way <c>git check-ref-format --branch</c> does, plus a length bound and
/// no leading '-' (so it can never be read as an option). Returns null when valid, else one line
/// naming the broken rule.
/// </summary>
public static class BranchNameValidator
{
    public const int MaxLength = 255;

    private const string ForbiddenCharacters = "~^:?*[\\";

    public static string? Validate(string? branch)
    {
        if (string.IsNullOrEmpty(branch)) return "default_branch is empty.";
        if (branch.Length > MaxLength) return $"default_branch is longer than {MaxLength} characters.";
        if (branch[0] == '-') return "default_branch must not start with '-'.";
        if (branch == "@") return "default_branch must not be '@'.";
        foreach (var c in branch)
        {
            if (char.IsControl(c) || c == '\u007f') return "default_branch must not contain control characters.";
            if (c == ' ') return "default_branch must not contain spaces.";
            if (ForbiddenCharacters.Contains(c)) return $"default_branch must not contain '{c}'.";
        }

        if (branch.Contains("..", StringComparison.Ordinal)) return "default_branch must not contain '..'.";
        if (branch.Contains("@{", StringComparison.Ordinal)) return "default_branch must not contain '@{'.";
        if (branch.StartsWith('/') || branch.EndsWith('/') || branch.Contains("//", StringComparison.Ordinal))
            return "default_branch must not start or end with '/' or contain '//'.";
        if (branch.EndsWith('.')) return "default_branch must not end with '.'.";
        foreach (var component in branch.Split('/'))
        {
            if (component.StartsWith('.')) return "default_branch components must not start with '.'.";
            if (component.EndsWith(".lock", StringComparison.Ordinal)) return "default_branch components must not end with '.lock'.";
        }

        return null;
    }
}

namespace TrustedOss.Pipeline.Projects;

/// <summary>Branch and tag names, after git's check-ref-format, bounded and never option-like.</summary>
public static class GitRefRules
{
    public const int MaxLength = 255;

    public static string? Check(string name)
    {
        if (name.Length == 0) return "The branch name must not be empty.";
        if (name.Length > MaxLength) return $"The branch name is {name.Length} characters long; the limit is {MaxLength}.";
        if (name.StartsWith('-')) return "The branch name must not start with '-'.";
        if (name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || "~^:?*[\\".Contains(c)))
            return "The branch name must not contain spaces, control characters or any of ~ ^ : ? * [ \\.";
        if (name.Contains("..") || name.Contains("@{") || name.Contains("//")) return "The branch name must not contain '..', '@{' or '//'.";
        if (name.StartsWith('/') || name.EndsWith('/') || name.EndsWith('.') || name.EndsWith(".lock") || name == "@")
            return "The branch name must not start or end with '/', end with '.' or '.lock', or be '@'.";
        if (name.Split('/').Any(part => part.StartsWith('.'))) return "No part of the branch name may start with '.'.";
        return null;
    }
}

using System.Text.RegularExpressions;
using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Pipeline.Api;

/// <summary>Field-level validation shared by every request: each failure names the field.</summary>
public static partial class FieldRules
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    public static string RequiredText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) throw Problem.Invalid(field, $"'{field}' is required and must not be blank.").ToException();
        return BoundedText(field, value.Trim(), maxLength)!;
    }

    public static string? BoundedText(string field, string? value, int maxLength)
    {
        if (value is null) return null;
        if (value.Length > maxLength) throw Problem.Invalid(field, $"'{field}' is {value.Length} characters long; the limit is {maxLength}.").ToException();
        if (value.Any(char.IsControl)) throw Problem.Invalid(field, $"'{field}' must not contain control characters.").ToException();
        return value;
    }

    public static string Slug(string field, string value)
    {
        if (!SlugPattern().IsMatch(value))
            throw Problem.Invalid(field, $"'{field}' must be 1-63 lowercase letters, digits or '-', starting with a letter or digit.").ToException();
        return value;
    }

    /// <summary>A slug derived from a display name ("Portal Web" → "portal-web").</summary>
    public static string SlugFrom(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-').ToArray();
        var slug = Regex.Replace(new string(chars), "-{2,}", "-").Trim('-');
        if (slug.Length > 63) slug = slug[..63].TrimEnd('-');
        return slug.Length == 0 ? "project" : slug;
    }
}

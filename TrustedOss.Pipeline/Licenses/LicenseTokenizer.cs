namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// Splits text into the normalized words license matching compares: lower case, letters and digits
/// only (punctuation, comment markers and layout vanish), British spellings folded to American.
/// Words are handed out as spans of one reused buffer, so tokenizing allocates nothing per word.
/// </summary>
internal static class LicenseTokenizer
{
    public delegate void WordAction(ReadOnlySpan<char> word);

    /// <summary>Longer "words" are hashes or base64; their first 48 characters are enough.</summary>
    private const int MaxWordLength = 48;

    private static readonly Dictionary<string, string> Variants = new(StringComparer.Ordinal)
    {
        ["licence"] = "license",
        ["licences"] = "licenses",
        ["licenced"] = "licensed",
        ["copyrighted"] = "copyright",
        ["authorised"] = "authorized",
        ["organisation"] = "organization",
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> VariantLookup =
        Variants.GetAlternateLookup<ReadOnlySpan<char>>();

    public static void ForEachWord(ReadOnlySpan<char> text, WordAction action)
    {
        Span<char> buffer = stackalloc char[MaxWordLength];
        var length = 0;
        foreach (var c in text)
        {
            char lower;
            if ((uint)(c - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9) lower = c;
            else if ((uint)(c - 'A') <= 'Z' - 'A') lower = (char)(c | 0x20);
            else if (c > 127 && char.IsLetterOrDigit(c)) lower = char.ToLowerInvariant(c);
            else
            {
                if (length > 0) Emit(buffer[..length], action);
                length = 0;
                continue;
            }
            if (length < MaxWordLength) buffer[length++] = lower;
        }
        if (length > 0) Emit(buffer[..length], action);
    }

    /// <summary>The words as strings (for tests and small texts).</summary>
    public static List<string> Tokenize(ReadOnlySpan<char> text)
    {
        var words = new List<string>();
        ForEachWord(text, w => words.Add(w.ToString()));
        return words;
    }

    private static void Emit(ReadOnlySpan<char> word, WordAction action) =>
        action(VariantLookup.TryGetValue(word, out var canonical) ? canonical : word);
}

using System.Diagnostics.CodeAnalysis;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// A parsed SPDX license expression (SPDX spec annex D): ids, `id+`, `-or-later` ids,
/// `WITH exception`, `AND`, `OR`, parentheses and `LicenseRef-…`. AND binds tighter than OR.
/// Operators are accepted in any case (lower-case `or` is common in package metadata) and known
/// ids are written in their canonical case. Parsing never throws: text that is not an expression
/// gives an instance with <see cref="IsValid"/> false, which the legal-tier catalog rates unknown.
/// </summary>
public sealed class SpdxExpression
{
    private SpdxExpression(string text, SpdxNode? root, string? error)
    {
        Text = text;
        Root = root;
        Error = error;
    }

    /// <summary>The text as given.</summary>
    public string Text { get; }

    /// <summary>The parsed tree; null when the text is not a valid expression.</summary>
    public SpdxNode? Root { get; }

    /// <summary>Why the text is not an expression (null when valid).</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Root))]
    public bool IsValid => Root is not null;

    /// <summary>The normalized expression, or null when the text is not a valid expression.</summary>
    public string? Normalized => Root?.ToString();

    /// <summary>Every license leaf, left to right (empty when invalid).</summary>
    public IEnumerable<SpdxLicenseNode> Licenses() => Root?.Licenses() ?? [];

    /// <summary>The normalized form when valid, else the trimmed original text.</summary>
    public override string ToString() => Normalized ?? Text.Trim();

    public static SpdxExpression Parse(string? text)
    {
        text ??= string.Empty;
        try
        {
            var parser = new Parser(Tokenize(text));
            var root = parser.ParseAll();
            return new SpdxExpression(text, root, null);
        }
        catch (FormatException e)
        {
            return new SpdxExpression(text, null, e.Message);
        }
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out SpdxExpression? expression)
    {
        var parsed = Parse(text);
        expression = parsed.IsValid ? parsed : null;
        return expression is not null;
    }

    /// <summary>
    /// All of the given expressions must hold (`A AND (B OR C)`); used when a component declares
    /// several licenses without saying how they combine. Invalid parts are left out.
    /// Returns null when nothing valid is left.
    /// </summary>
    public static SpdxExpression? AllOf(IEnumerable<SpdxExpression> parts)
    {
        var operands = new List<SpdxNode>();
        foreach (var part in parts.Where(p => p.IsValid))
        {
            var node = part.Root!;
            if (node is SpdxCompoundNode { Operator: SpdxOperator.And } and) operands.AddRange(and.Operands);
            else operands.Add(node);
        }
        var distinct = operands.Distinct().ToList();
        if (distinct.Count == 0) return null;
        var root = distinct.Count == 1 ? distinct[0] : new SpdxCompoundNode(SpdxOperator.And, distinct);
        var text = root.ToString();
        return new SpdxExpression(text, root, null);
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { tokens.Add(c.ToString()); i++; continue; }
            var start = i;
            while (i < text.Length && IsIdChar(text[i])) i++;
            if (i == start) throw new FormatException($"Unexpected character '{c}' at position {i}.");
            tokens.Add(text[start..i]);
        }
        if (tokens.Count == 0) throw new FormatException("The expression is empty.");
        return tokens;
    }

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ':' or '+';

    private sealed class Parser(List<string> tokens)
    {
        private int _pos;

        public SpdxNode ParseAll()
        {
            var node = ParseOr();
            if (_pos < tokens.Count) throw new FormatException($"Unexpected '{tokens[_pos]}' after a complete expression.");
            return node;
        }

        private string? Peek => _pos < tokens.Count ? tokens[_pos] : null;

        private bool IsOperator(string op) => Peek is { } t && t.Equals(op, StringComparison.OrdinalIgnoreCase);

        private SpdxNode ParseOr() => ParseChain(SpdxOperator.Or, "OR", ParseAnd);

        private SpdxNode ParseAnd() => ParseChain(SpdxOperator.And, "AND", ParseWith);

        private SpdxNode ParseChain(SpdxOperator op, string keyword, Func<SpdxNode> operand)
        {
            var operands = new List<SpdxNode> { operand() };
            while (IsOperator(keyword))
            {
                _pos++;
                var next = operand();
                // Flatten (A OR B) OR C into one chain: same meaning, simpler normalized text.
                if (next is SpdxCompoundNode c && c.Operator == op) operands.AddRange(c.Operands);
                else operands.Add(next);
            }
            if (operands.Count == 1) return operands[0];
            if (operands[0] is SpdxCompoundNode first && first.Operator == op)
                operands = [.. first.Operands, .. operands.Skip(1)];
            return new SpdxCompoundNode(op, operands);
        }

        private SpdxNode ParseWith()
        {
            var primary = ParsePrimary();
            if (!IsOperator("WITH")) return primary;
            _pos++;
            if (primary is not SpdxLicenseNode license)
                throw new FormatException("WITH must follow a single license id, not a parenthesized expression.");
            var exception = Peek ?? throw new FormatException("WITH is missing its exception id.");
            if (exception is "(" or ")" || IsKeyword(exception) || exception.Contains('+'))
                throw new FormatException($"'{exception}' is not a license exception id.");
            _pos++;
            var canonical = SpdxIds.CanonicalException(exception);
            return new SpdxWithNode(license, canonical ?? exception, canonical is not null);
        }

        private SpdxNode ParsePrimary()
        {
            var token = Peek ?? throw new FormatException("The expression ends where a license was expected.");
            if (token == "(")
            {
                _pos++;
                var inner = ParseOr();
                if (Peek != ")") throw new FormatException("A '(' is not closed.");
                _pos++;
                return inner;
            }
            if (token == ")" || IsKeyword(token)) throw new FormatException($"Expected a license id, found '{token}'.");
            _pos++;
            return License(token);
        }

        private static bool IsKeyword(string token) =>
            token.Equals("AND", StringComparison.OrdinalIgnoreCase) ||
            token.Equals("OR", StringComparison.OrdinalIgnoreCase) ||
            token.Equals("WITH", StringComparison.OrdinalIgnoreCase);

        private static SpdxLicenseNode License(string token)
        {
            var plus = token.EndsWith('+');
            var id = plus ? token[..^1] : token;
            if (id.Length == 0 || id.Contains('+')) throw new FormatException($"'{token}' is not a license id.");
            if (id.Contains("LicenseRef-", StringComparison.OrdinalIgnoreCase)) return LicenseRef(id, plus);
            if (id.Contains(':')) throw new FormatException($"'{token}' is not a license id.");
            // `GPL-2.0+` is also listed as a (deprecated) id of its own: either way it means "2.0 or later".
            var canonical = SpdxIds.CanonicalLicense(id);
            return new SpdxLicenseNode(canonical ?? id, plus, canonical is not null);
        }

        private static SpdxLicenseNode LicenseRef(string id, bool plus)
        {
            // DocumentRef-x:LicenseRef-y or LicenseRef-y; the prefixes are case-normalized, the rest is kept.
            var parts = id.Split(':');
            if (parts.Length > 2 || parts.Any(p => p.Length == 0)) throw new FormatException($"'{id}' is not a license reference.");
            string Prefix(string part, string prefix) =>
                part.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && part.Length > prefix.Length
                    ? prefix + part[prefix.Length..]
                    : throw new FormatException($"'{id}' is not a license reference.");
            var normalized = parts.Length == 2
                ? Prefix(parts[0], "DocumentRef-") + ":" + Prefix(parts[1], "LicenseRef-")
                : Prefix(parts[0], "LicenseRef-");
            return new SpdxLicenseNode(normalized, plus, IsKnown: false);
        }
    }
}

namespace TrustedOss.Pipeline.Licenses;

/// <summary>One node of a parsed SPDX license expression. `ToString()` writes the normalized form.</summary>
public abstract record SpdxNode
{
    /// <summary>Every license leaf under this node, left to right.</summary>
    public abstract IEnumerable<SpdxLicenseNode> Licenses();
}

/// <summary>
/// A license id (`MIT`, `GPL-2.0-or-later`), an id with `+` (`LGPL-2.1+`), or a
/// `LicenseRef-…` / `DocumentRef-…:LicenseRef-…` reference.
/// </summary>
/// <param name="Id">Canonical case when SPDX lists the id; as written otherwise. Never includes the `+`.</param>
/// <param name="Plus">The expression wrote `id+` ("this version or any later one").</param>
/// <param name="IsKnown">SPDX lists the id (LicenseRefs are never "known").</param>
public sealed record SpdxLicenseNode(string Id, bool Plus, bool IsKnown) : SpdxNode
{
    public bool IsLicenseRef => Id.Contains("LicenseRef-", StringComparison.OrdinalIgnoreCase);

    /// <summary>`id+` or an id that itself says `-or-later`.</summary>
    public bool IsOrLater => Plus || Id.EndsWith("-or-later", StringComparison.OrdinalIgnoreCase);

    public override IEnumerable<SpdxLicenseNode> Licenses() { yield return this; }

    public override string ToString() => Plus ? Id + "+" : Id;
}

/// <summary>`license WITH exception`.</summary>
public sealed record SpdxWithNode(SpdxLicenseNode License, string Exception, bool IsKnownException) : SpdxNode
{
    public override IEnumerable<SpdxLicenseNode> Licenses() => License.Licenses();

    public override string ToString() => $"{License} WITH {Exception}";
}

public enum SpdxOperator { And, Or }

/// <summary>A flat chain of one operator: `A AND B AND C` is one node with three operands.</summary>
public sealed record SpdxCompoundNode(SpdxOperator Operator, IReadOnlyList<SpdxNode> Operands) : SpdxNode
{
    public override IEnumerable<SpdxLicenseNode> Licenses() => Operands.SelectMany(o => o.Licenses());

    public override string ToString()
    {
        var separator = Operator == SpdxOperator.And ? " AND " : " OR ";
        // AND binds tighter than OR, so only an OR inside an AND needs parentheses.
        return string.Join(separator, Operands.Select(o =>
            Operator == SpdxOperator.And && o is SpdxCompoundNode { Operator: SpdxOperator.Or } ? $"({o})" : o.ToString()));
    }

    public bool Equals(SpdxCompoundNode? other) =>
        other is not null && Operator == other.Operator && Operands.SequenceEqual(other.Operands);

    public override int GetHashCode() => HashCode.Combine(Operator, Operands.Count);
}

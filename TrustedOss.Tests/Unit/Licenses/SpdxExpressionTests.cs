using TrustedOss.Pipeline.Licenses;

namespace TrustedOss.Tests.Unit.Licenses;

public class SpdxExpressionTests
{
    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("mit", "MIT")]
    [InlineData("apache-2.0 or mit", "Apache-2.0 OR MIT")]
    [InlineData("(MIT OR CC0-1.0)", "MIT OR CC0-1.0")]
    [InlineData("MIT AND (Apache-2.0 OR BSD-3-Clause)", "MIT AND (Apache-2.0 OR BSD-3-Clause)")]
    [InlineData("(MIT AND Zlib) OR ISC", "MIT AND Zlib OR ISC")]
    [InlineData("((MIT))", "MIT")]
    [InlineData("MIT OR (Apache-2.0 OR ISC)", "MIT OR Apache-2.0 OR ISC")]
    [InlineData("gpl-2.0-only with classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("GPL-2.0-or-later", "GPL-2.0-or-later")]
    [InlineData("lgpl-2.1+", "LGPL-2.1+")]
    [InlineData("Apache-2.0+", "Apache-2.0+")]
    [InlineData("licenseref-Acme-Proprietary", "LicenseRef-Acme-Proprietary")]
    [InlineData("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2")]
    [InlineData("  MIT\tOR\nISC  ", "MIT OR ISC")]
    public void Valid_expressions_are_normalized(string text, string expected)
    {
        var e = SpdxExpression.Parse(text);

        Assert.True(e.IsValid, e.Error);
        Assert.Equal(expected, e.Normalized);
        Assert.Equal(expected, e.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("MIT OR")]
    [InlineData("AND MIT")]
    [InlineData("(MIT")]
    [InlineData("MIT)")]
    [InlineData("MIT Apache-2.0")]
    [InlineData("MIT/X11")]
    [InlineData("SEE LICENSE IN LICENSE.md")]
    [InlineData("Apache License 2.0")]
    [InlineData("(MIT OR ISC) WITH Classpath-exception-2.0")]
    [InlineData("MIT WITH")]
    [InlineData("LicenseRef-")]
    [InlineData("A:B")]
    public void Invalid_text_is_unknown_and_never_throws(string text)
    {
        var e = SpdxExpression.Parse(text);

        Assert.False(e.IsValid);
        Assert.Null(e.Normalized);
        Assert.NotNull(e.Error);
        Assert.Empty(e.Licenses());
        Assert.False(SpdxExpression.TryParse(text, out _));
    }

    [Fact]
    public void Null_is_unknown()
    {
        Assert.False(SpdxExpression.Parse(null).IsValid);
    }

    [Fact]
    public void Leaves_report_known_ids_plus_and_or_later()
    {
        var e = SpdxExpression.Parse("GPL-2.0+ OR GPL-3.0-or-later OR LGPL-2.1-only OR LicenseRef-x OR Foo-1.0");

        var leaves = e.Licenses().ToList();
        Assert.Equal(["GPL-2.0", "GPL-3.0-or-later", "LGPL-2.1-only", "LicenseRef-x", "Foo-1.0"], leaves.Select(l => l.Id));
        Assert.Equal([true, true, false, false, false], leaves.Select(l => l.IsOrLater));
        Assert.True(leaves[0].Plus);
        Assert.Equal([true, true, true, false, false], leaves.Select(l => l.IsKnown));
        Assert.True(leaves[3].IsLicenseRef);
    }

    [Fact]
    public void With_keeps_the_license_and_the_exception()
    {
        var e = SpdxExpression.Parse("GPL-2.0-only WITH Classpath-exception-2.0");

        var with = Assert.IsType<SpdxWithNode>(e.Root);
        Assert.Equal("GPL-2.0-only", with.License.Id);
        Assert.Equal("Classpath-exception-2.0", with.Exception);
        Assert.True(with.IsKnownException);
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        var e = SpdxExpression.Parse("MIT OR ISC AND Zlib");

        var or = Assert.IsType<SpdxCompoundNode>(e.Root);
        Assert.Equal(SpdxOperator.Or, or.Operator);
        Assert.IsType<SpdxLicenseNode>(or.Operands[0]);
        Assert.Equal(SpdxOperator.And, Assert.IsType<SpdxCompoundNode>(or.Operands[1]).Operator);
    }

    [Fact]
    public void AllOf_joins_with_and_dropping_duplicates_and_invalid_parts()
    {
        var joined = SpdxExpression.AllOf(
        [
            SpdxExpression.Parse("MIT"),
            SpdxExpression.Parse("Apache-2.0 OR ISC"),
            SpdxExpression.Parse("mit"),
            SpdxExpression.Parse("not an expression"),
            SpdxExpression.Parse("Zlib AND BSD-2-Clause"),
        ]);

        Assert.Equal("MIT AND (Apache-2.0 OR ISC) AND Zlib AND BSD-2-Clause", joined!.ToString());
        Assert.Null(SpdxExpression.AllOf([SpdxExpression.Parse("")]));
    }
}

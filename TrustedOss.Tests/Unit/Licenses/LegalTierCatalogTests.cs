using TrustedOss.Pipeline.Licenses;

namespace TrustedOss.Tests.Unit.Licenses;

public class LegalTierCatalogTests
{
    private static readonly LegalTierCatalog Catalog = LegalTierCatalog.BuiltIn;

    [Theory]
    [InlineData("MIT", LegalTier.Allowed)]
    [InlineData("Apache-2.0", LegalTier.Allowed)]
    [InlineData("BSD-3-Clause", LegalTier.Allowed)]
    [InlineData("BSD-2-Clause", LegalTier.Allowed)]
    [InlineData("ISC", LegalTier.Allowed)]
    [InlineData("Zlib", LegalTier.Allowed)]
    [InlineData("0BSD", LegalTier.Allowed)]
    [InlineData("Unlicense", LegalTier.Allowed)]
    [InlineData("CC0-1.0", LegalTier.Allowed)]
    [InlineData("Python-2.0", LegalTier.Allowed)]
    [InlineData("PSF-2.0", LegalTier.Allowed)]
    [InlineData("BlueOak-1.0.0", LegalTier.Allowed)]
    [InlineData("PostgreSQL", LegalTier.Allowed)]
    [InlineData("CC-BY-4.0", LegalTier.Allowed)]
    [InlineData("LGPL-2.1-only", LegalTier.Conditional)]
    [InlineData("LGPL-3.0-or-later", LegalTier.Conditional)]
    [InlineData("MPL-2.0", LegalTier.Conditional)]
    [InlineData("EPL-2.0", LegalTier.Conditional)]
    [InlineData("CDDL-1.0", LegalTier.Conditional)]
    [InlineData("EUPL-1.2", LegalTier.Conditional)]
    [InlineData("BSD-4-Clause", LegalTier.Conditional)]
    [InlineData("CC-BY-SA-4.0", LegalTier.Conditional)]
    [InlineData("GPL-2.0-only", LegalTier.Forbidden)]
    [InlineData("GPL-3.0-or-later", LegalTier.Forbidden)]
    [InlineData("GPL-2.0+", LegalTier.Forbidden)]
    [InlineData("AGPL-3.0-only", LegalTier.Forbidden)]
    [InlineData("SSPL-1.0", LegalTier.Forbidden)]
    [InlineData("OSL-3.0", LegalTier.Forbidden)]
    [InlineData("CC-BY-NC-4.0", LegalTier.Forbidden)]
    [InlineData("LicenseRef-Acme", LegalTier.Unknown)]
    [InlineData("BUSL-1.1", LegalTier.Unknown)]
    [InlineData("mit", LegalTier.Allowed)]
    public void Single_licenses_have_their_tier(string id, LegalTier expected)
    {
        Assert.Equal(expected, Catalog.Evaluate(id));
    }

    [Theory]
    [InlineData("MIT OR GPL-3.0-only", LegalTier.Allowed)]
    [InlineData("MIT AND GPL-3.0-only", LegalTier.Forbidden)]
    [InlineData("(MIT OR CC0-1.0)", LegalTier.Allowed)]
    [InlineData("LGPL-2.1-only OR GPL-2.0-only", LegalTier.Conditional)]
    [InlineData("MIT AND LGPL-2.1-only", LegalTier.Conditional)]
    [InlineData("MIT AND LicenseRef-x", LegalTier.Unknown)]
    [InlineData("GPL-3.0-only OR LicenseRef-x", LegalTier.Unknown)]
    [InlineData("MIT OR LicenseRef-x", LegalTier.Allowed)]
    [InlineData("GPL-3.0-only AND LicenseRef-x", LegalTier.Forbidden)]
    [InlineData("MIT AND (GPL-2.0-only OR Apache-2.0)", LegalTier.Allowed)]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", LegalTier.Conditional)]
    [InlineData("GPL-2.0-only WITH Linux-syscall-note", LegalTier.Conditional)]
    [InlineData("Apache-2.0 WITH LLVM-exception", LegalTier.Allowed)]
    [InlineData("GPL-2.0-only WITH Qwt-exception-1.0", LegalTier.Forbidden)]
    [InlineData("LicenseRef-x WITH Classpath-exception-2.0", LegalTier.Unknown)]
    [InlineData("not an expression", LegalTier.Unknown)]
    [InlineData("", LegalTier.Unknown)]
    public void Expressions_take_the_most_permissive_or_branch_and_the_most_restrictive_and_part(string expression, LegalTier expected)
    {
        Assert.Equal(expected, Catalog.Evaluate(expression));
    }

    [Fact]
    public void Tiers_have_wire_names()
    {
        Assert.Equal(["allowed", "conditional", "unknown", "forbidden"], Enum.GetValues<LegalTier>().Select(t => t.ToWire()));
    }

    [Fact]
    public async Task An_override_file_replaces_and_extends_built_in_entries()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tiers-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            {
              // comments are fine
              "allowed": ["LicenseRef-Acme-*", "BUSL-1.1"],
              "forbidden": ["MPL-2.0"],
              "unknown": ["BSD-*"],
              "exceptions": { "Qwt-exception-1.0": "conditional" }
            }
            """);
        try
        {
            var catalog = await LegalTierCatalog.LoadAsync(path, CancellationToken.None);

            Assert.Equal(LegalTier.Allowed, catalog.Evaluate("LicenseRef-Acme-Internal"));
            Assert.Equal(LegalTier.Allowed, catalog.Evaluate("BUSL-1.1"));
            Assert.Equal(LegalTier.Forbidden, catalog.Evaluate("MPL-2.0"));
            Assert.Equal(LegalTier.Unknown, catalog.Evaluate("BSD-3-Clause"));
            Assert.Equal(LegalTier.Conditional, catalog.Evaluate("GPL-2.0-only WITH Qwt-exception-1.0"));
            Assert.Equal(LegalTier.Allowed, catalog.Evaluate("MIT"));          // untouched built-in entry
            Assert.Equal(LegalTier.Forbidden, catalog.Evaluate("GPL-3.0-only")); // untouched built-in prefix
            Assert.Equal(LegalTier.Forbidden, LegalTierCatalog.BuiltIn.Evaluate("GPL-2.0-only WITH Qwt-exception-1.0"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task No_override_path_gives_the_built_in_catalog()
    {
        Assert.Same(LegalTierCatalog.BuiltIn, await LegalTierCatalog.LoadAsync(null, CancellationToken.None));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"allowed\": \"MIT\"}")]
    [InlineData("{\"permissive\": [\"MIT\"]}")]
    [InlineData("{\"exceptions\": {\"LLVM-exception\": \"great\"}}")]
    [InlineData("not json")]
    public async Task A_malformed_override_file_is_a_clear_error(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tiers-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, content);
        try
        {
            var e = await Assert.ThrowsAsync<InvalidDataException>(() => LegalTierCatalog.LoadAsync(path, CancellationToken.None));
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using System.Text;
using TrustedOss.Pipeline.Sbom;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Sbom;

public class CycloneDxParserTests
{
    private static Task<CycloneDxBom> ParseText(string json) =>
        CycloneDxParser.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

    private static Task<CycloneDxBom> ParseFixture(string name) =>
        CycloneDxParser.ParseFileAsync(Path.Combine(RepoPaths.FixturesDir, "sbom", name), CancellationToken.None);

    [Fact]
    public async Task Keeps_the_manifest_cdxgen_names_in_SrcFile_as_written()
    {
        var bom = await ParseFixture("real_cyclonedx_small.json");
        Assert.All(bom.Components, c => Assert.Equal("package-lock.json", c.ManifestPath));

        var text = await ParseText("""
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
              {"name": "a", "properties": [{"name": "ResolvedUrl", "value": "https://x"}, {"name": "SrcFile", "value": "/ws/src/web/package-lock.json"}]},
              {"name": "b", "properties": [{"name": "SrcFile", "value": " "}]},
              {"name": "c"}]}
            """);
        Assert.Equal(["/ws/src/web/package-lock.json", null, null], text.Components.Select(c => c.ManifestPath));
    }

    [Fact]
    public async Task Reads_every_component_of_the_small_cdxgen_1_7_fixture()
    {
        var bom = await ParseFixture("real_cyclonedx_small.json");

        Assert.Equal("1.7", bom.SpecVersion);
        Assert.Equal("pkg:npm/sbom-conformance-fixture@1.2.3", bom.Root!.Purl);
        Assert.Equal(
            ["pkg:npm/debug@4.3.4", "pkg:npm/ms@2.1.2", "pkg:npm/chalk@4.1.2", "pkg:npm/ansi-styles@4.3.0",
             "pkg:npm/color-convert@2.0.1", "pkg:npm/color-name@1.1.4", "pkg:npm/supports-color@7.2.0", "pkg:npm/has-flag@4.0.0"],
            bom.Components.Select(c => c.Purl));
        Assert.All(bom.Components, c => Assert.Equal("MIT", c.DeclaredLicense));

        var debug = bom.Components[0];
        Assert.Equal("pkg:npm/debug@4.3.4", debug.BomRef);
        Assert.Equal("debug", debug.Name);
        Assert.Null(debug.Group); // "" in the SBOM
        Assert.Equal("4.3.4", debug.Version);
        Assert.Equal("library", debug.Type);
        Assert.Null(debug.Scope);
        Assert.Equal(
            "3d15851ee494dde0ed4093ef9cd63b25c91eb758f4b793ae3ac1733cfcec7a40f9d9997ca947c520f122b305ea22f1d61951ce817fbb1bfbc234d85e870c5f91",
            debug.Hashes["SHA-512"]);
    }

    [Fact]
    public async Task Reads_the_large_cdxgen_1_5_fixture_with_its_licenses_groups_and_scopes()
    {
        var bom = await ParseFixture("real_cyclonedx_node_dev.json");

        Assert.Equal("1.5", bom.SpecVersion);
        Assert.Equal(487, bom.Components.Count);
        Assert.Equal("pkg:npm/sbom-example-nodejs@1.0.0", bom.Root!.Purl);
        Assert.Equal("Apache-2.0", bom.Root.DeclaredLicense);

        var express = bom.Components[0];
        Assert.Equal(("pkg:npm/express@4.22.2", "MIT", "framework", "required"), (express.Purl, express.DeclaredLicense, express.Type, express.Scope));

        var byPurl = bom.Components.GroupBy(c => c.Purl!).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal("MIT OR CC0-1.0", byPurl["pkg:npm/type-fest@0.21.3"].DeclaredLicense);
        Assert.Equal("MIT OR CC0-1.0", byPurl["pkg:npm/type-fest@0.20.2"].DeclaredLicense);
        Assert.Equal("Python-2.0", byPurl["pkg:npm/argparse@2.0.1"].DeclaredLicense);
        Assert.Equal("BlueOak-1.0.0", byPurl["pkg:npm/minimatch@10.2.5"].DeclaredLicense);
        Assert.Equal("CC-BY-4.0", byPurl["pkg:npm/caniuse-lite@1.0.30001799"].DeclaredLicense);
        Assert.Null(byPurl["pkg:npm/exit@0.1.2"].DeclaredLicense);
        Assert.Equal("@colors", byPurl["pkg:npm/%40colors/colors@1.6.0"].Group);

        Assert.Equal(18, bom.Components.Count(c => c.DeclaredLicense is null));
        Assert.Equal(395, bom.Components.Count(c => c.DeclaredLicense == "MIT"));
        Assert.Equal(36, bom.Components.Count(c => c.DeclaredLicense == "ISC"));
        Assert.Equal(462, bom.Components.Count(c => c.Scope == "optional"));
        Assert.Equal(8, bom.Components.Count(c => c.Scope == "required"));
    }

    [Fact]
    public async Task Reads_a_1_6_document_flattening_nested_components_and_ignoring_unknown_fields()
    {
        var bom = await ParseText("""
            {
              "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
              "metadata": { "component": { "type": "application", "name": "shop", "version": "2.0.0" } },
              "components": [
                {
                  "type": "framework", "bom-ref": "spring", "group": "org.springframework", "name": "spring-core",
                  "version": "6.1.0", "purl": "pkg:maven/org.springframework/spring-core@6.1.0",
                  "licenses": [ { "license": { "id": "Apache-2.0", "acknowledgement": "declared" } } ],
                  "evidence": { "identity": [ { "field": "purl", "confidence": 1 } ] },
                  "futureField": { "anything": [1, 2, 3] },
                  "components": [
                    { "type": "library", "name": "spring-jcl", "version": "6.1.0",
                      "purl": "pkg:maven/org.springframework/spring-jcl@6.1.0",
                      "licenses": [ { "expression": "Apache-2.0 OR MIT", "acknowledgement": "concluded" } ],
                      "components": [ { "type": "file", "name": "jcl.properties" } ] }
                  ]
                },
                {
                  "type": "library", "name": "dual", "version": 3, "scope": "excluded",
                  "licenses": [ { "license": { "id": "MIT" } }, { "license": { "name": "Apache License 2.0" } },
                                { "license": { "name": "ISC", "text": { "content": "..." } } }, { "license": { "url": "https://x" } } ],
                  "hashes": [ { "alg": "SHA-256", "content": "abc" }, { "alg": "MD5", "content": "def" } ]
                }
              ],
              "services": [ { "name": "api" } ],
              "formulation": []
            }
            """);

        Assert.Equal("1.6", bom.SpecVersion);
        Assert.Equal("shop", bom.Root!.Name);
        Assert.Equal(["spring-core", "spring-jcl", "jcl.properties", "dual"], bom.Components.Select(c => c.Name));
        Assert.Equal("Apache-2.0", bom.Components[0].DeclaredLicense);
        Assert.Equal("org.springframework", bom.Components[0].Group);
        Assert.Equal("spring", bom.Components[0].BomRef);
        Assert.Equal("Apache-2.0 OR MIT", bom.Components[1].DeclaredLicense);
        Assert.Null(bom.Components[2].DeclaredLicense);
        Assert.Null(bom.Components[2].Purl);

        var dual = bom.Components[3];
        Assert.Equal("3", dual.Version); // a number where a string belongs is read, not fatal
        Assert.Equal("excluded", dual.Scope);
        Assert.Equal("MIT AND LicenseRef-Apache-License-2.0 AND ISC", dual.DeclaredLicense);
        Assert.Equal(new Dictionary<string, string> { ["SHA-256"] = "abc", ["MD5"] = "def" }, dual.Hashes);
    }

    [Fact]
    public async Task Reads_a_1_7_document_with_expression_details()
    {
        var bom = await ParseText("""
            {
              "$schema": "http://cyclonedx.org/schema/bom-1.7.schema.json",
              "bomFormat": "CycloneDX", "specVersion": "1.7", "serialNumber": "urn:uuid:1",
              "components": [
                { "type": "library", "name": "lib", "version": "1.0.0", "purl": "pkg:pypi/lib@1.0.0",
                  "licenses": [ { "expression": "(mit or gpl-2.0-only WITH classpath-exception-2.0)",
                                  "expressionDetails": [ { "licenseIdentifier": "MIT", "text": { "content": "..." } } ] } ],
                  "omniborId": ["gitoid:blob:sha1:1"], "swhid": ["swh:1:cnt:1"] }
              ]
            }
            """);

        Assert.Equal("1.7", bom.SpecVersion);
        Assert.Null(bom.Root);
        var lib = Assert.Single(bom.Components);
        Assert.Equal("MIT OR GPL-2.0-only WITH Classpath-exception-2.0", lib.DeclaredLicense);
    }

    [Fact]
    public async Task Reads_a_1_4_document_without_components()
    {
        var bom = await ParseText("""{ "bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1 }""");

        Assert.Equal("1.4", bom.SpecVersion);
        Assert.Empty(bom.Components);
    }

    [Theory]
    [InlineData("""{ "spdxVersion": "SPDX-2.3" }""")]
    [InlineData("""{ "bomFormat": "Other", "components": [] }""")]
    [InlineData("not json")]
    [InlineData("[]")]
    public async Task A_document_that_is_not_CycloneDX_json_is_rejected(string json)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ParseText(json));
    }
}

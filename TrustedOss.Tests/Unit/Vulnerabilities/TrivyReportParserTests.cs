using System.Text;
using TrustedOss.Pipeline.Vulnerabilities;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Vulnerabilities;

public class TrivyReportParserTests
{
    private static Task<IReadOnlyList<VulnerabilityFinding>> ParseText(string json) =>
        TrivyReportParser.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

    private static Task<IReadOnlyList<VulnerabilityFinding>> ParseFixture(string name) =>
        TrivyReportParser.ParseFileAsync(Path.Combine(RepoPaths.FixturesDir, "trivy", name), CancellationToken.None);

    [Fact]
    public async Task Reads_the_real_trivy_0_70_alpine_image_report()
    {
        var findings = await ParseFixture("alpine-3.19-image-report.json");

        Assert.Equal(10, findings.Count);
        Assert.Equal(
            ["CVE-2024-58251/busybox", "CVE-2025-46394/busybox", "CVE-2024-58251/busybox-binsh", "CVE-2025-46394/busybox-binsh",
             "CVE-2026-40200/musl", "CVE-2026-6042/musl", "CVE-2026-40200/musl-utils", "CVE-2026-6042/musl-utils",
             "CVE-2024-58251/ssl_client", "CVE-2025-46394/ssl_client"],
            findings.Select(f => $"{f.VulnerabilityId}/{f.PackageName}"));
        Assert.All(findings, f => Assert.Equal(("alpine:3.19 (alpine 3.19.9)", "os-pkgs", "alpine"), (f.Target, f.Class, f.Type)));
        Assert.Equal(2, findings.Count(f => f.Severity == "HIGH"));

        var first = findings[0];
        Assert.Equal("pkg:apk/alpine/busybox@1.36.1-r20?arch=x86_64&distro=3.19.9", first.Purl);
        Assert.Equal(("1.36.1-r20", "1.36.1-r21", "MEDIUM"), (first.InstalledVersion, first.FixedVersion, first.Severity));
        Assert.Null(first.Cvss);
        Assert.Equal(5, first.References.Count);
        Assert.Equal("https://www.cve.org/CVERecord?id=CVE-2024-58251", first.References[^1]);
        Assert.Equal(new DateTimeOffset(2025, 4, 23, 18, 16, 3, 57, TimeSpan.Zero), first.PublishedDate);
        Assert.StartsWith("In netstat in BusyBox through 1.37.0", first.Title);
        Assert.Null(first.EpssScore);
        Assert.Null(first.KnownExploited);

        Assert.Equal(new CvssRating("nvd", "3", 3.3, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:L/A:N"), findings[1].Cvss);
        Assert.Equal(new CvssRating("redhat", "3", 7.8, "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:H"), findings[4].Cvss);
    }

    [Fact]
    public async Task Reads_the_real_trivy_0_71_debian_python_report_with_os_and_language_results()
    {
        var findings = await ParseFixture("debian-python-image-report.json");

        Assert.Equal(21, findings.Count);
        Assert.Equal(18, findings.Count(f => f is { Target: "python:3.12-slim (debian 13.6)", Class: "os-pkgs", Type: "debian" }));
        Assert.Equal(3, findings.Count(f => f is { Target: "Python", Class: "lang-pkgs", Type: "python-pkg" }));
        Assert.Equal(3, findings.Count(f => f.Severity == "CRITICAL"));

        var perl = findings.Single(f => f.VulnerabilityId == "CVE-2026-42496");
        Assert.Equal(new CvssRating("nvd", "3", 9.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"), perl.Cvss); // nvd before redhat's 8.2
        Assert.Equal(20, perl.References.Count);
        Assert.Null(perl.FixedVersion);

        var pip = findings.Single(f => f.VulnerabilityId == "CVE-2025-8869");
        Assert.Equal(("pip", "pkg:pypi/pip@25.0.1", "25.0.1", "25.3"), (pip.PackageName, pip.Purl, pip.InstalledVersion, pip.FixedVersion));
        Assert.Equal(new CvssRating("ghsa", "4.0", 5.9, "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:H/VA:N/SC:N/SI:N/SA:N"), pip.Cvss);
        Assert.Equal(["GHSA-4xh5-x5gv-qwph"], pip.VendorIds);

        var julia = findings.First(f => f.VulnerabilityId == "CVE-2026-27456");
        Assert.Equal(new CvssRating("julia", "3", 4.7, "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N"), julia.Cvss); // neither nvd nor ghsa: first

        var bare = findings.First(f => f is { VulnerabilityId: "CVE-2026-53615", PackageName: "bsdutils" });
        Assert.Equal("pkg:deb/debian/bsdutils@2.41-5?arch=amd64&distro=debian-13.6&epoch=1", bare.Purl);
        Assert.Equal("1:2.41-5", bare.InstalledVersion);
        Assert.Null(bare.PublishedDate);
        Assert.Empty(bare.References);
        Assert.Null(bare.Cvss);
        Assert.EndsWith("src/partitions/dos.c", bare.Description); // the report's trailing newline is trimmed
        Assert.StartsWith("Package up", bare.Description);
    }

    [Theory]
    [InlineData("pkg:npm/minimist@1.2.5?file_path=usr%2Flib%2Fnode_modules%2Fminimist%2Fpackage.json", "pkg:npm/minimist@1.2.5")]
    [InlineData("pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12.5", "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12.5")]
    [InlineData("pkg:npm/a@1?x=1&file_path=a%2Fpackage.json#sub", "pkg:npm/a@1?x=1#sub")]
    public async Task A_purl_bom_ref_names_its_component_without_the_file_path_trivy_adds_in_images(string pkgRef, string purl)
    {
        var findings = await ParseText($$"""
            { "SchemaVersion": 2, "Results": [ { "Target": "Node.js", "Class": "lang-pkgs", "Type": "node-pkg", "Vulnerabilities": [
              { "VulnerabilityID": "CVE-2021-44906", "PkgName": "minimist", "PkgRef": "{{pkgRef}}", "InstalledVersion": "1.2.5", "Severity": "CRITICAL" } ] } ] }
            """);

        Assert.Equal(purl, Assert.Single(findings).Purl);
    }

    [Fact]
    public async Task Reads_the_older_trivy_0_45_sbom_report_shape_with_PkgRef()
    {
        var findings = await ParseText("""
            {
              "SchemaVersion": 2,
              "ArtifactName": "bom.json",
              "ArtifactType": "cyclonedx",
              "Metadata": { "OS": null, "ImageConfig": { "architecture": "", "created": "0001-01-01T00:00:00Z", "os": "", "rootfs": { "type": "", "diff_ids": null }, "config": {} } },
              "Results": [
                {
                  "Target": "Node.js", "Class": "lang-pkgs", "Type": "node-pkg",
                  "Vulnerabilities": [
                    {
                      "VulnerabilityID": "CVE-2021-44906", "PkgID": "minimist@1.2.5", "PkgName": "minimist",
                      "PkgRef": "pkg:npm/minimist@1.2.5", "InstalledVersion": "1.2.5", "FixedVersion": "1.2.6, 0.2.4",
                      "Status": "fixed", "Layer": {}, "SeveritySource": "ghsa",
                      "PrimaryURL": "https://avd.aquasec.com/nvd/cve-2021-44906",
                      "DataSource": { "ID": "ghsa", "Name": "GitHub Security Advisory npm", "URL": "https://github.com/advisories?query=type%3Areviewed+ecosystem%3Anpm" },
                      "Title": "Prototype Pollution in minimist", "Description": "  Minimist <=1.2.5 is vulnerable to Prototype Pollution via file index.js, function setKey() (lines 69-95).  ",
                      "Severity": "critical", "CweIDs": ["CWE-1321"],
                      "CVSS": {
                        "ghsa": { "V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "V3Score": 9.8 },
                        "nvd": { "V2Vector": "AV:N/AC:L/Au:N/C:P/I:P/A:P", "V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "V2Score": 7.5, "V3Score": 9.8 }
                      },
                      "References": ["https://github.com/advisories/GHSA-xvch-5gv4-984h"],
                      "PublishedDate": "2022-03-17T16:15:00Z", "LastModifiedDate": "2023-07-18T23:15:00Z"
                    }
                  ]
                },
                {
                  "Target": ".NET", "Class": "lang-pkgs", "Type": "nuget",
                  "Vulnerabilities": [
                    { "VulnerabilityID": "GHSA-5crp-9r3c-p9vr", "PkgName": "Newtonsoft.Json", "PkgRef": "Newtonsoft.Json@12.0.1",
                      "InstalledVersion": "12.0.1", "FixedVersion": "13.0.1", "Severity": "HIGH",
                      "CVSS": { "ghsa": { "V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "V3Score": 7.5 } } }
                  ]
                },
                { "Target": "Java", "Class": "lang-pkgs", "Type": "jar", "Vulnerabilities": null },
                { "Target": "Python", "Class": "lang-pkgs", "Type": "pip" }
              ]
            }
            """);

        Assert.Equal(2, findings.Count);
        var minimist = findings[0];
        Assert.Equal(("CVE-2021-44906", "minimist", "pkg:npm/minimist@1.2.5"), (minimist.VulnerabilityId, minimist.PackageName, minimist.Purl));
        Assert.Equal("CRITICAL", minimist.Severity);
        Assert.Equal(new CvssRating("nvd", "3", 9.8, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), minimist.Cvss);
        Assert.Equal("Minimist <=1.2.5 is vulnerable to Prototype Pollution via file index.js, function setKey() (lines 69-95).", minimist.Description);
        Assert.Equal(("Node.js", "lang-pkgs", "node-pkg"), (minimist.Target, minimist.Class, minimist.Type));

        var newtonsoft = findings[1];
        Assert.Equal("GHSA-5crp-9r3c-p9vr", newtonsoft.VulnerabilityId);
        Assert.Null(newtonsoft.Purl); // a PkgRef that is not a purl is not passed off as one
        Assert.Equal(new CvssRating("ghsa", "3", 7.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"), newtonsoft.Cvss);
        Assert.Empty(newtonsoft.References);
    }

    [Fact]
    public async Task Reads_epss_and_kev_when_an_enriched_report_carries_them()
    {
        var findings = await ParseText("""
            { "SchemaVersion": 2, "Results": [ { "Target": "t", "Vulnerabilities": [
              { "VulnerabilityID": "CVE-1", "PkgName": "a", "Severity": "HIGH", "EPSS": { "Score": 0.97, "Percentile": 0.999 }, "KEV": true },
              { "VulnerabilityID": "CVE-2", "PkgName": "b", "Custom": { "epssScore": "0.25", "EpssPercentile": 0.5, "CisaKev": { "dateAdded": "2024-01-01" } } },
              { "VulnerabilityID": "CVE-3", "PkgName": "c", "EPSS": 0.01, "KnownExploited": "no" },
              { "VulnerabilityID": "CVE-4", "PkgName": "d", "CVSS": { "redhat": { "V2Score": 5.0, "V2Vector": "AV:N" } } }
            ] } ] }
            """);

        Assert.Equal([0.97, 0.25, 0.01, null], findings.Select(f => f.EpssScore));
        Assert.Equal([0.999, 0.5, null, null], findings.Select(f => f.EpssPercentile));
        Assert.Equal([true, true, false, null], findings.Select(f => f.KnownExploited));
        Assert.Equal("UNKNOWN", findings[1].Severity);
        Assert.Equal(new CvssRating("redhat", "2", 5.0, "AV:N"), findings[3].Cvss);
    }

    [Theory]
    [InlineData("""{ "SchemaVersion": 2, "ArtifactName": "bom.json" }""")]
    [InlineData("""{ "SchemaVersion": 2, "Results": null }""")]
    [InlineData("""{ "SchemaVersion": 2, "Results": [] }""")]
    [InlineData("""{ "SchemaVersion": 2, "Results": [ { "Target": "x", "Vulnerabilities": [] } ] }""")]
    public async Task A_report_without_results_has_no_findings(string json)
    {
        Assert.Empty(await ParseText(json));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "Results": "nope" }""")]
    public async Task A_stream_that_is_not_a_report_is_rejected(string json)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ParseText(json));
    }
}

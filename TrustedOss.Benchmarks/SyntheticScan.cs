using System.Globalization;
using TrustedOss.Pipeline.Sbom;
using TrustedOss.Pipeline.Vulnerabilities;

namespace TrustedOss.Benchmarks;

/// <summary>
/// A large scan's results, deterministic and shaped like cdxgen's and trivy's output: npm components
/// pkg:npm/pkg-N@1.0.N with SHA-512 hashes and a realistic mix of declared licenses, and findings spread
/// evenly over the components, each component matched by distinct advisories out of a shared pool.
/// </summary>
public sealed record SyntheticScan(IReadOnlyList<SbomComponent> Components, IReadOnlyList<VulnerabilityFinding> Findings)
{
    public int Rows => Components.Count + Findings.Count;

    // Roughly the npm registry's mix; a tenth declare nothing.
    private static readonly (string? License, int Weight)[] Licenses =
    [
        ("MIT", 55), ("Apache-2.0", 12), ("ISC", 10), ("BSD-3-Clause", 5), ("BSD-2-Clause", 3),
        ("MIT OR Apache-2.0", 2), ("GPL-3.0-only", 1), ("LGPL-2.1-or-later", 1), ("MPL-2.0", 1), (null, 10),
    ];

    private static readonly string[] Severities = ["CRITICAL", "HIGH", "HIGH", "MEDIUM", "MEDIUM", "MEDIUM", "LOW", "UNKNOWN"];

    public static SyntheticScan Generate(int componentCount, int findingCount, int vulnerabilityIds, int seed = 20261203)
    {
        var random = new Random(seed);
        var components = Enumerable.Range(0, componentCount).Select(i => Component(i, random)).ToArray();
        var advisories = Enumerable.Range(0, vulnerabilityIds).Select(i => Advisory(i, random)).ToArray();

        // Finding f: component f mod n, advisory k-th of that component's (k = f / n) — so a component never
        // gets the same advisory twice (as trivy reports it), as long as the 401-step stays inside the pool.
        var findings = new VulnerabilityFinding[findingCount];
        for (var f = 0; f < findingCount; f++)
        {
            var c = f % componentCount;
            var k = f / componentCount;
            var a = advisories[(int)((c * 37L + k * 401L) % vulnerabilityIds)];
            var component = components[c];
            findings[f] = a with
            {
                PackageName = component.Name,
                Purl = component.Purl,
                InstalledVersion = component.Version,
                FixedVersion = $"1.{c + 1}.0",
            };
        }
        return new SyntheticScan(components, findings);
    }

    private static SbomComponent Component(int i, Random random)
    {
        var version = $"1.0.{i}";
        var hash = Convert.ToHexStringLower(RandomBytes(random, 64));
        return new SbomComponent(
            BomRef: $"pkg:npm/pkg-{i}@{version}",
            Purl: $"pkg:npm/pkg-{i}@{version}",
            Name: $"pkg-{i}",
            Group: null,
            Version: version,
            Type: "library",
            Scope: random.Next(100) < 85 ? "required" : "optional",
            Hashes: new Dictionary<string, string> { ["SHA-512"] = hash },
            DeclaredLicense: PickLicense(random));
    }

    /// <summary>One advisory, as a finding template: CVE ids mostly, GHSA ids for the rest, with CVSS, EPSS and references.</summary>
    private static VulnerabilityFinding Advisory(int i, Random random)
    {
        var id = i % 10 < 7
            ? $"CVE-{2018 + i % 8}-{10000 + i}"
            : $"GHSA-{Word(random)}-{Word(random)}-{Word(random)}";
        var severity = Severities[random.Next(Severities.Length)];
        var score = severity switch { "CRITICAL" => 9.8, "HIGH" => 7.5, "MEDIUM" => 5.3, "LOW" => 3.1, _ => 0.0 };
        var published = new DateTimeOffset(2018 + i % 8, 1 + i % 12, 1 + i % 28, 16, 15, 0, TimeSpan.Zero);
        return new VulnerabilityFinding(
            VulnerabilityId: id,
            PackageName: "",
            Purl: null,
            InstalledVersion: null,
            FixedVersion: null,
            Severity: severity,
            Title: $"pkg: prototype pollution in parser (advisory {i})",
            Description: string.Concat(Enumerable.Repeat(
                "Versions of this package are vulnerable to Prototype Pollution via crafted input to the merge function. ", 3)).TrimEnd(),
            Cvss: score > 0 ? new CvssRating("nvd", "3", score, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") : null,
            References: [$"https://nvd.nist.gov/vuln/detail/{id}", $"https://github.com/advisories/{id}", "https://github.com/example/pkg/commit/abc123"],
            PublishedDate: published,
            VendorIds: [],
            EpssScore: Math.Round(random.NextDouble() * 0.2, 5),
            EpssPercentile: Math.Round(random.NextDouble(), 5),
            KnownExploited: i % 97 == 0,
            Target: "package-lock.json",
            Class: "lang-pkgs",
            Type: "npm");
    }

    private static string? PickLicense(Random random)
    {
        var roll = random.Next(Licenses.Sum(l => l.Weight));
        foreach (var (license, weight) in Licenses)
        {
            if (roll < weight) return license;
            roll -= weight;
        }
        return null;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Word(Random random) =>
        string.Create(4, random, (span, r) =>
        {
            const string alphabet = "23456789cfghjmpqrvwx";
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[r.Next(alphabet.Length)];
        });

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Components.Count:N0} components + {Findings.Count:N0} vulnerability findings");
}

using TrustedOss.CommandLine.Api;

namespace TrustedOss.CommandLine.Gate;

/// <summary>
/// The build gate: a scan fails it when a vulnerability is at or above <see cref="FailOnSeverity"/>, or a component's
/// declared license is in one of <see cref="FailOnLicenseTiers"/> — except advisories the allow-list accepts today,
/// and, with <see cref="OnlyNew"/>, findings the previous succeeded scan already had.
/// </summary>
public sealed record GatePolicy(string? FailOnSeverity, IReadOnlySet<string> FailOnLicenseTiers, bool OnlyNew, AllowList AllowList)
{
    public static readonly string[] Tiers = ["allowed", "conditional", "forbidden", "unknown"];

    /// <summary>A <c>--fail-on-license-tier</c> value: comma-separated tiers, or <c>none</c>.</summary>
    public static IReadOnlySet<string> ParseTiers(string value)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).ToList();
        if (items is ["none"]) return new HashSet<string>();
        var bad = items.FirstOrDefault(t => !Tiers.Contains(t));
        if (bad is not null || items.Count == 0)
            throw new CliException($"--fail-on-license-tier takes {string.Join(", ", Tiers)} (comma-separated) or none, not '{value}'.");
        return items.ToHashSet();
    }

    public string Describe() =>
        $"fail on severity {(FailOnSeverity is null ? "never" : $">= {FailOnSeverity}")}; " +
        $"fail on license tier {(FailOnLicenseTiers.Count == 0 ? "never" : string.Join(", ", FailOnLicenseTiers.Order()))}; " +
        $"only new findings: {(OnlyNew ? "yes" : "no")}; accepted advisories: {AllowList.Entries.Count}";

    public GateResult Evaluate(IReadOnlyList<Vulnerability> vulnerabilities, IReadOnlyList<Component> components, Baseline? previous, DateOnly today)
    {
        var findings = new List<GateFinding>();
        var oldVulnerabilities = previous?.Vulnerabilities.Select(Key).ToHashSet() ?? [];
        foreach (var v in vulnerabilities.OrderByDescending(v => Severity.Rank(v.Severity)).ThenBy(v => v.Id, StringComparer.Ordinal).ThenBy(PackageOf, StringComparer.Ordinal))
        {
            var (status, note) = (FindingStatus.Violation, (string?)null);
            if (FailOnSeverity is null || Severity.Rank(v.Severity) < Severity.Rank(FailOnSeverity))
                (status, note) = (FindingStatus.BelowPolicy, null);
            else if (AllowList.Accepting(v.Id, today) is { } entry)
                (status, note) = (FindingStatus.Accepted, $"accepted until {entry.Expires:yyyy-MM-dd}{(entry.Reason is null ? "" : ": " + entry.Reason)}");
            else if (OnlyNew && oldVulnerabilities.Contains(Key(v)))
                (status, note) = (FindingStatus.Existing, $"already in scan {previous!.ScanId}");
            findings.Add(new GateFinding(FindingKind.Vulnerability, v.Id, v.Severity.ToUpperInvariant(), PackageOf(v), v.ManifestPath,
                v.Title ?? v.Id, status, note, Vulnerability: v));
        }

        var oldLicenses = previous?.Components.Select(LicenseKey).ToHashSet() ?? [];
        foreach (var c in components.Where(c => FailOnLicenseTiers.Contains(c.LegalTier)).OrderBy(c => c.Purl, StringComparer.Ordinal))
        {
            var existing = OnlyNew && oldLicenses.Contains(LicenseKey(c));
            findings.Add(new GateFinding(FindingKind.License, $"license-tier/{c.LegalTier}", c.LegalTier, c.Purl, c.ManifestPath,
                $"{c.Purl} is declared {c.DeclaredLicense ?? "without a license"} (tier {c.LegalTier})",
                existing ? FindingStatus.Existing : FindingStatus.Violation, existing ? $"already in scan {previous!.ScanId}" : null, Component: c));
        }
        return new GateResult(this, findings, previous?.ScanId, AllowList.ExpiredOn(today).ToList());
    }

    public static string PackageOf(Vulnerability v) => v.Purl ?? $"{v.PackageName}@{v.InstalledVersion}";

    // The same advisory in the same package version is the same finding; a new version with the old advisory is new.
    private static string Key(Vulnerability v) => $"{v.Id}|{PackageOf(v)}";

    private static string LicenseKey(Component c) => $"{c.Purl}|{c.LegalTier}";
}

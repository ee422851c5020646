using TrustedOss.CommandLine.Api;

namespace TrustedOss.CommandLine.Gate;

public enum FindingKind { Vulnerability, License }

/// <summary>How the policy judged one finding.</summary>
public enum FindingStatus
{
    /// <summary>Breaks the policy: the gate fails.</summary>
    Violation,
    /// <summary>Would break it, but an unexpired allow-list entry accepts the advisory.</summary>
    Accepted,
    /// <summary>Would break it, but was already in the previous succeeded scan (<c>--only-new</c>).</summary>
    Existing,
    /// <summary>Below the severity threshold (reported, never failing).</summary>
    BelowPolicy,
}

/// <summary>
/// One finding as the reports show it. <paramref name="RuleId"/> is the advisory id, or <c>license-tier/&lt;tier&gt;</c>;
/// <paramref name="Level"/> is the severity (CRITICAL…) or the license tier; <paramref name="ManifestPath"/> is the
/// manifest the component came from (e.g. package-lock.json), where SARIF points.
/// </summary>
public sealed record GateFinding(
    FindingKind Kind, string RuleId, string Level, string Package, string? ManifestPath, string Title, FindingStatus Status, string? Note,
    Vulnerability? Vulnerability = null, Component? Component = null);

/// <summary>The previous succeeded scan of the project (same kind), for <c>--only-new</c>.</summary>
public sealed record Baseline(Guid ScanId, IReadOnlyList<Vulnerability> Vulnerabilities, IReadOnlyList<Component> Components);

/// <summary>What a gate decided about one scan.</summary>
public sealed record GateResult(GatePolicy Policy, IReadOnlyList<GateFinding> Findings, Guid? BaselineScanId, IReadOnlyList<AllowList.Entry> ExpiredEntries)
{
    public bool Passed => Violations.Count == 0;

    public IReadOnlyList<GateFinding> Violations => Findings.Where(f => f.Status == FindingStatus.Violation).ToList();
}

using TrustedOss.CommandLine.Api;

namespace TrustedOss.CommandLine.Gate;

/// <summary>Everything a report shows: the project, the scan, and the gate's decision on its findings.</summary>
public sealed record GateReport(Project Project, Scan Scan, GateResult Result);

/// <summary>Loads one succeeded scan's findings (and, for <c>--only-new</c>, its predecessor's) and applies the policy.</summary>
public static class GateRun
{
    public static async Task<GateReport> EvaluateAsync(TrustedOssApi api, Scan scan, GatePolicy policy, DateOnly today, CancellationToken ct)
    {
        var project = await api.FindProjectAsync(scan.ProjectId.ToString(), ct);
        var vulnerabilities = await api.VulnerabilitiesAsync(scan.ProjectId, scan.Id, ct);
        var components = await api.ComponentsAsync(scan.ProjectId, scan.Id, ct);
        Baseline? previous = null;
        if (policy.OnlyNew)
        {
            // "New since the previous succeeded scan of that project": the newest succeeded scan of the same kind
            // created before this one. Without one, every finding is new.
            var before = (await api.ProjectScansAsync(scan.ProjectId, ct))
                .Where(s => s.Status == "succeeded" && s.Kind == scan.Kind && s.Id != scan.Id && s.CreatedAt < scan.CreatedAt)
                .MaxBy(s => s.CreatedAt);
            if (before is not null)
                previous = new Baseline(before.Id, await api.VulnerabilitiesAsync(scan.ProjectId, before.Id, ct), await api.ComponentsAsync(scan.ProjectId, before.Id, ct));
        }
        return new GateReport(project, scan, policy.Evaluate(vulnerabilities, components, previous, today));
    }
}

using System.CommandLine;
using TrustedOss.CommandLine.Api;
using TrustedOss.CommandLine.Gate;
using TrustedOss.CommandLine.Reports;

namespace TrustedOss.CommandLine.Commands;

/// <summary>Which scan to judge and by which policy: shared by <c>gate</c> and <c>report</c>, so both judge alike.</summary>
public sealed class GateOptions
{
    public Option<Guid?> Scan { get; } = new("--scan") { Description = "The scan to judge (a running one is waited for)." };

    public Option<string?> Project { get; } = new("--project", "-p") { Description = "Or: the project (id, slug or team/slug) whose latest scan to judge." };

    public Option<string> FailOnSeverity { get; } = new("--fail-on-severity")
    {
        Description = "Fail on a vulnerability of this severity or worse: critical, high, medium, low, or none.",
        DefaultValueFactory = _ => "high",
    };

    public Option<string> FailOnLicenseTier { get; } = new("--fail-on-license-tier")
    {
        Description = "Fail on a component whose declared license is in these tiers (comma-separated: forbidden, unknown, conditional, allowed) or none.",
        DefaultValueFactory = _ => "forbidden",
    };

    public Option<bool> OnlyNew { get; } = new("--only-new") { Description = "Fail only on findings that the project's previous succeeded scan did not have." };

    public Option<string?> AllowList { get; } = new("--allow-list")
    {
        Description = "A JSON file of accepted advisories with expiry dates: {\"accepted\": [{\"id\": \"CVE-…\", \"expires\": \"yyyy-mm-dd\", \"reason\": \"…\"}]}.",
    };

    public Option<string?> SourceRoot { get; } = new("--source-root")
    {
        Description = "The checked-out repository, for the manifest line numbers in SARIF (default: the current directory).",
    };

    public IEnumerable<Option> All => [Scan, Project, FailOnSeverity, FailOnLicenseTier, OnlyNew, AllowList, SourceRoot];

    public GatePolicy Policy(ParseResult parse)
    {
        var allowList = parse.GetValue(AllowList) is { } path ? Gate.AllowList.Load(path) : Gate.AllowList.Empty;
        return new GatePolicy(Severity.ParseThreshold(parse.GetValue(FailOnSeverity)!), GatePolicy.ParseTiers(parse.GetValue(FailOnLicenseTier)!),
            parse.GetValue(OnlyNew), allowList);
    }

    /// <summary>
    /// Waits for the scan and judges it: the report, or null (with the one-line reason on <paramref name="stderr"/>) when
    /// the scan failed or was cancelled and there is nothing to judge.
    /// </summary>
    public async Task<(Scan Scan, GateReport? Report, ManifestLines Manifests)> JudgeAsync(ParseResult parse, TrustedOssApi api, TextWriter stderr, CancellationToken ct)
    {
        var policy = Policy(parse);
        var scan = await TerminalScanAsync(parse, api, stderr, ct);
        var manifests = new ManifestLines(parse.GetValue(SourceRoot) ?? Directory.GetCurrentDirectory());
        if (scan.Status != "succeeded")
        {
            await stderr.WriteLineAsync($"error: scan {scan.Id} {scan.Status}{(scan.ErrorDetail is { } why ? $": {why}" : "")}; there are no findings to judge");
            return (scan, null, manifests);
        }
        return (scan, await GateRun.EvaluateAsync(api, scan, policy, DateOnly.FromDateTime(DateTime.UtcNow), ct), manifests);
    }

    /// <summary>The scan named by --scan, or the project's latest; waits (printing to <paramref name="stderr"/>) until it ends.</summary>
    public async Task<Scan> TerminalScanAsync(ParseResult parse, TrustedOssApi api, TextWriter stderr, CancellationToken ct)
    {
        Guid scanId;
        if (parse.GetValue(Scan) is { } id) scanId = id;
        else if (parse.GetValue(Project) is { } projectName)
        {
            var project = await api.FindProjectAsync(projectName, ct);
            scanId = (await api.ProjectScansAsync(project.Id, ct)).FirstOrDefault()?.Id
                     ?? throw new CliException($"Project {project.Slug} has no scans yet.");
        }
        else throw new CliException("Pass --scan <id> or --project <id|slug>.");

        var scan = await api.GetScanAsync(scanId, ct);
        if (!scan.IsTerminal) await stderr.WriteLineAsync($"waiting for scan {scan.Id} ({scan.Status})");
        while (!scan.IsTerminal)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            scan = await api.GetScanAsync(scanId, ct);
        }
        return scan;
    }
}

namespace TrustedOss.Pipeline.Health;

/// <summary>GET /health: each dependency's truthful state; `failing` names what stops scans from running.</summary>
public sealed record HealthReport(string Status, IReadOnlyList<string> Failing, IReadOnlyDictionary<string, DependencyHealth> Checks)
{
    public bool CanRunScans => Failing.Count == 0;
}

/// <param name="Ok">False means scans cannot run until this is fixed.</param>
public sealed record DependencyHealth(bool Ok, string Detail, string? Version = null, IReadOnlyDictionary<string, object?>? Info = null);

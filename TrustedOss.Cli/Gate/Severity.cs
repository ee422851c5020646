namespace TrustedOss.CommandLine.Gate;

/// <summary>The API's severities (trivy's), ranked so a gate can say "this one or worse".</summary>
public static class Severity
{
    public static readonly string[] Ranked = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"];

    /// <summary>0 (UNKNOWN) … 4 (CRITICAL); anything unrecognised ranks as UNKNOWN.</summary>
    public static int Rank(string? severity) => Math.Max(0, Array.IndexOf(Ranked, severity?.ToUpperInvariant()));

    /// <summary>A <c>--fail-on-severity</c> value: a severity name, or <c>none</c> (null: severities never fail the gate).</summary>
    public static string? ParseThreshold(string value)
    {
        var upper = value.Trim().ToUpperInvariant();
        if (upper == "NONE") return null;
        if (upper is "LOW" or "MEDIUM" or "HIGH" or "CRITICAL") return upper;
        throw new CliException($"--fail-on-severity must be critical, high, medium, low or none, not '{value}'.");
    }
}

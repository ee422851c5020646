namespace TrustedOss.Pipeline.Scans;

/// <summary>
/// The wire slugs of the progress contract, in spec order, each with the percent reported when the
/// stage starts. Container scans run the subset that applies.
/// </summary>
public static class ScanPlan
{
    public const string Bootstrap = "bootstrap";
    public const string Fetch = "fetch";
    public const string Prep = "prep";
    public const string Cdxgen = "cdxgen";
    public const string Scancode = "scancode";
    public const string DtUpload = "dt_upload";
    public const string DtFindings = "dt_findings";
    public const string Finalize = "finalize";

    public static readonly IReadOnlyList<string> SourceStages = [Bootstrap, Fetch, Prep, Cdxgen, Scancode, DtUpload, DtFindings, Finalize];
    public static readonly IReadOnlyList<string> ContainerStages = [Bootstrap, Fetch, DtUpload, DtFindings, Finalize];

    private static readonly Dictionary<string, int> StartPercent = new()
    {
        [Bootstrap] = 2, [Fetch] = 8, [Prep] = 20, [Cdxgen] = 28, [Scancode] = 48, [DtUpload] = 62, [DtFindings] = 75, [Finalize] = 92,
    };

    public static IReadOnlyList<string> StagesFor(ScanKind kind) => kind == ScanKind.Container ? ContainerStages : SourceStages;

    public static int PercentAtStart(string stage) => StartPercent[stage];
}

public enum ScanKind { Source, Container }

public static class ScanStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Cancelled;
}

public static class StageState
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

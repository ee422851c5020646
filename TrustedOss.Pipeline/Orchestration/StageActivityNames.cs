using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Pipeline.Orchestration;

/// <summary>The durable activity behind each stage slug (one activity per stage) and the two bookkeeping ones.</summary>
public static class StageActivityNames
{
    public const string Bootstrap = "BootstrapStage";
    public const string Fetch = "FetchStage";
    public const string Prep = "PrepStage";
    public const string Cdxgen = "CdxgenStage";
    public const string Scancode = "ScancodeStage";
    public const string DtUpload = "DtUploadStage";
    public const string DtFindings = "DtFindingsStage";
    public const string Finalize = "FinalizeStage";

    /// <summary>Marks a scan failed when an activity crashed past its retries (not a tool failure).</summary>
    public const string FailScan = "FailScan";

    /// <summary>Reclaims an ended (cancelled or failed) scan's workspace and upload, and closes its open stages.</summary>
    public const string ReclaimScan = "ReclaimScan";

    public static string For(string stage) => stage switch
    {
        ScanPlan.Bootstrap => Bootstrap,
        ScanPlan.Fetch => Fetch,
        ScanPlan.Prep => Prep,
        ScanPlan.Cdxgen => Cdxgen,
        ScanPlan.Scancode => Scancode,
        ScanPlan.DtUpload => DtUpload,
        ScanPlan.DtFindings => DtFindings,
        ScanPlan.Finalize => Finalize,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "not a pipeline stage"),
    };
}

/// <summary>Input of <see cref="StageActivityNames.FailScan"/>.</summary>
public sealed record ScanFailure(Guid ScanId, string Stage, string Reason);

using System.Text.Json.Serialization;

namespace TrustedOss.Pipeline.Scans;

/// <summary>POST /v1/projects/{id}/scans as JSON. Absent body = a normal source scan of the default branch.</summary>
public sealed record TriggerScanRequest(string? Kind = null, ScanRequestMetadata? Metadata = null);

public sealed record ScanRequestMetadata(string? Verbosity = null, string? ImageRef = null, string? Ref = null);

/// <summary>What the scan row's metadata jsonb holds: validated request options plus what the pipeline learnt.</summary>
public sealed record ScanMetadata(
    string Verbosity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ImageRef = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ref = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Upload = null);

public sealed record ScanCounts(int Components, int Licenses, int Vulnerabilities);

/// <summary>A scan as the API shows it (GET /v1/scans/{id}).</summary>
public sealed record ScanView(
    Guid Id,
    Guid ProjectId,
    string ProjectName,
    string Kind,
    string Status,
    ScanMetadata Metadata,
    string? CurrentStep,
    int ProgressPercent,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? CompletedAt,
    string? ErrorDetail,
    string? CommitSha,
    string? VulnerabilityDb,
    DateTime? VulnerabilityDbUpdatedAt,
    ScanCounts Counts)
{
    /// <summary>The spec names the failure/cancel reason both ways ("error_detail" in the API, "error_message" for cancel).</summary>
    public string? ErrorMessage => ErrorDetail;
}

public sealed record StageView(string Stage, int Ordinal, string State, string? Detail, DateTime? StartedAt, DateTime? CompletedAt);

public sealed record LogLineView(long Seq, string Stage, string Stream, string Line, DateTime Ts);

/// <summary>An uploaded source .zip or image archive, streamed from the request.</summary>
public sealed record ScanUpload(string FileName, Stream Content, long? Length);

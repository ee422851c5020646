namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// The outcome of first-party license detection. The stage is best-effort (spec "Pipeline stages"):
/// a tree over the file ceiling or a run past its timeout is <see cref="Skipped"/> with a reason,
/// never an exception, and the scan continues with declared licenses only.
/// </summary>
/// <param name="Findings">Sorted by source path, then expression.</param>
/// <param name="FilesScanned">Files whose content was read.</param>
/// <param name="Warnings">Degradations that did not stop the run (e.g. no SPDX license texts: tags only).</param>
public sealed record LicenseScanResult(
    bool Skipped,
    string? SkipReason,
    IReadOnlyList<DetectedLicenseFinding> Findings,
    int FilesScanned,
    IReadOnlyList<string> Warnings)
{
    public static LicenseScanResult Skip(string reason, int filesScanned = 0) =>
        new(true, reason, [], filesScanned, []);
}

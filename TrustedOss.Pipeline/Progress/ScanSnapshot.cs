using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Pipeline.Progress;

/// <summary>
/// What a subscriber receives first (and again on reconnect): the latest progress, every stage's state
/// and the last log line per stage — from the database, so a finished scan shows terminal states only.
/// Subscribers check visibility, join the scan's group, and only then read the snapshot: a frame
/// committed in between is either in the snapshot or arrives live, never lost.
/// </summary>
public sealed class ScanSnapshot(ScanQueries queries, ScanLogQueries logs)
{
    /// <summary>The subscribe gate: the same 404 as GET /v1/scans/{id} for a scan the caller cannot see.</summary>
    public Task EnsureVisibleAsync(Caller caller, Guid scanId, CancellationToken ct) => queries.TeamOfVisibleScanAsync(caller, scanId, ct);

    public async Task<IReadOnlyList<(string Type, object Frame)>> FramesAsync(Caller caller, Guid scanId, CancellationToken ct)
    {
        var scan = await queries.GetAsync(caller, scanId, ct);
        var frames = new List<(string, object)>();
        foreach (var stage in await queries.StagesAsync(caller, scanId, ct))
            frames.Add((ScanFrames.Stage, new StageFrame(stage.Stage, stage.State, stage.CompletedAt ?? stage.StartedAt ?? scan.CreatedAt)));
        foreach (var line in await logs.LastPerStageAsync(caller, scanId, ct))
            frames.Add((ScanFrames.Log, new LogFrame(line.Stage, line.Stream, line.Line, line.Ts)));
        frames.Add((ScanFrames.Progress, Progress(scan)));
        return frames;
    }

    /// <summary>The scan's latest progress alone (one query), for feeds that carry only `progress` frames.</summary>
    public async Task<ProgressFrame> ProgressAsync(Caller caller, Guid scanId, CancellationToken ct) => Progress(await queries.GetAsync(caller, scanId, ct));

    private static ProgressFrame Progress(ScanView scan) =>
        new(ScanStatus.IsTerminal(scan.Status) ? scan.Status : scan.CurrentStep ?? ScanStatus.Queued, scan.ProgressPercent, scan.CompletedAt ?? scan.StartedAt ?? scan.CreatedAt);
}

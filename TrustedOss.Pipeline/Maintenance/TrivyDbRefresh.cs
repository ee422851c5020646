using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Health;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;

namespace TrustedOss.Pipeline.Maintenance;

/// <summary>
/// Refreshes trivy's DB outside any scan (scans run with --skip-db-update and never wait on a download).
/// It downloads into a staging folder and swaps it in only when complete, so a failed or partial download
/// never replaces a working DB; the re-match job then fills in scans that ran without one.
/// </summary>
public sealed class TrivyDbRefresh(ToolOptions tools, TrivyTool trivy, SingleFlight singleFlight, TimeProvider clock, ILogger<TrivyDbRefresh> logger)
{
    public sealed record Outcome(bool Refreshed, string Detail);

    public async Task<Outcome> RunAsync(CancellationToken ct)
    {
        Outcome outcome = new(false, "another instance is refreshing the DB");
        await singleFlight.TryRunAsync(nameof(TrivyDbRefresh), async token => outcome = await RefreshAsync(token), ct);
        logger.Log(outcome.Refreshed ? LogLevel.Information : LogLevel.Warning, "trivy DB refresh: {Detail}", outcome.Detail);
        return outcome;
    }

    private async Task<Outcome> RefreshAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(tools.TrivyCacheDir);
        var staging = Path.Combine(tools.TrivyCacheDir, $".staging-{clock.GetUtcNow():yyyyMMddHHmmss}");
        Directory.CreateDirectory(staging);
        try
        {
            var run = await trivy.DownloadDbAsync(staging, NullStageLog.Instance, ct);
            var downloaded = TrivyDbState.Read(staging);
            if (!run.Succeeded || !downloaded.Present)
                return new Outcome(false, $"download from {tools.TrivyDbRepository} failed (exit {run.ExitCode}): {run.StderrTail.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no output"}; the current DB ({TrivyDbState.Read(tools.TrivyCacheDir).State}) is kept");
            var live = Path.Combine(tools.TrivyCacheDir, "db");
            var old = live + ".old";
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            if (Directory.Exists(live)) Directory.Move(live, old);
            Directory.Move(Path.Combine(staging, "db"), live);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            return new Outcome(true, $"DB updated (UpdatedAt {downloaded.UpdatedAt:u})");
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}

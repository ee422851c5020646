using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Security;

namespace TrustedOss.Pipeline.Progress;

/// <summary>Fans a committed state change out to every registered publisher; failures are logged, never thrown.</summary>
public sealed class ScanFrameSender(IEnumerable<IScanFramePublisher> publishers, TimeProvider clock, ILogger<ScanFrameSender> logger)
{
    public Task ProgressAsync(Guid scanId, string step, int percent) =>
        SendAsync(scanId, ScanFrames.Progress, new ProgressFrame(step, percent, clock.GetUtcNow()));

    public Task StageAsync(Guid scanId, string stage, string state) =>
        SendAsync(scanId, ScanFrames.Stage, new StageFrame(stage, state, clock.GetUtcNow()));

    public async Task LogsAsync(Guid scanId, IEnumerable<LogFrame> lines)
    {
        foreach (var line in lines) await SendAsync(scanId, ScanFrames.Log, line);
    }

    private async Task SendAsync(Guid scanId, string type, object frame)
    {
        foreach (var publisher in publishers)
        {
            try
            {
                await publisher.PublishAsync(scanId, type, frame, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning("Sending a {FrameType} frame for scan {ScanId} failed: {Message}", type, scanId, CredentialRedactor.Redact(e.Message));
            }
        }
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Security;

namespace TrustedOss.Pipeline.Progress.SignalRService;

/// <summary>
/// Sends frames to a scan's group through Azure SignalR Service's REST API (the Functions host's live
/// progress). Publishing only enqueues, so a slow or unreachable service never slows a stage or a tool;
/// background pumps send in order per scan (a scan always maps to the same pump). A failed send is
/// logged and dropped. Log frames past <see cref="MaxQueuedLogFrames"/> are dropped too — the stored
/// log stays complete — while progress and stage frames are always queued.
/// </summary>
public sealed class SignalRServicePublisher : BackgroundService, IScanFramePublisher
{
    public const int MaxQueuedLogFrames = 5_000;
    private const int Pumps = 4;

    private readonly SignalRServiceClient client;
    private readonly ILogger<SignalRServicePublisher> logger;
    private readonly int maxQueuedLogFrames;
    private readonly Channel<(Guid ScanId, string Type, object Frame)>[] queues;
    private int queuedLogFrames;
    private long droppedLogFrames;
    private int failedInARow;

    public SignalRServicePublisher(SignalRServiceClient client, ILogger<SignalRServicePublisher> logger, int maxQueuedLogFrames = MaxQueuedLogFrames)
    {
        (this.client, this.logger, this.maxQueuedLogFrames) = (client, logger, maxQueuedLogFrames);
        queues = Enumerable.Range(0, Pumps)
            .Select(_ => Channel.CreateUnbounded<(Guid, string, object)>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
    }

    public Task PublishAsync(Guid scanId, string frameType, object frame, CancellationToken cancellationToken)
    {
        if (frameType == ScanFrames.Log && Interlocked.Increment(ref queuedLogFrames) > maxQueuedLogFrames)
        {
            Interlocked.Decrement(ref queuedLogFrames);
            var dropped = Interlocked.Increment(ref droppedLogFrames);
            if (dropped == 1 || dropped % 1000 == 0)
                logger.LogWarning("Azure SignalR Service is behind: {Dropped} live log frames dropped so far (the stored log is complete)", dropped);
            return Task.CompletedTask;
        }
        if (!QueueOf(scanId).Writer.TryWrite((scanId, frameType, frame)) && frameType == ScanFrames.Log)
            Interlocked.Decrement(ref queuedLogFrames);
        return Task.CompletedTask;
    }

    private Channel<(Guid, string, object)> QueueOf(Guid scanId) => queues[(scanId.GetHashCode() & int.MaxValue) % Pumps];

    /// <summary>Sends until the queues are completed at shutdown and drained (bounded by the host's shutdown timeout).</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(queues.Select(PumpAsync));

    private async Task PumpAsync(Channel<(Guid ScanId, string Type, object Frame)> queue)
    {
        await foreach (var (scanId, type, frame) in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (type == ScanFrames.Log) Interlocked.Decrement(ref queuedLogFrames);
            try
            {
                await client.SendToGroupAsync(ScanFrames.Group(scanId), type, frame, CancellationToken.None);
                if (Interlocked.Exchange(ref failedInARow, 0) is > 1 and var failed)
                    logger.LogInformation("Azure SignalR Service accepts frames again after {Failed} failed sends", failed);
            }
            catch (Exception e)
            {
                // A down service fails every frame: log the first failure of a run and every hundredth, not each.
                var failed = Interlocked.Increment(ref failedInARow);
                if (failed == 1 || failed % 100 == 0)
                    logger.LogWarning("Sending a {FrameType} frame for scan {ScanId} through Azure SignalR Service failed ({Failed} in a row): {Message}",
                        type, scanId, failed, CredentialRedactor.Redact(e.Message));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in queues) queue.Writer.TryComplete();
        var drained = ExecuteTask ?? Task.CompletedTask;
        await Task.WhenAny(drained, Task.Delay(Timeout.Infinite, cancellationToken));
        await base.StopAsync(cancellationToken);
    }
}

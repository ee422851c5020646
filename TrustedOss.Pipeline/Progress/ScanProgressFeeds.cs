using System.Threading.Channels;

namespace TrustedOss.Pipeline.Progress;

/// <summary>
/// In-process subscribers to one scan's `progress` frames, for transports that are not SignalR (the spec's plain
/// WebSocket feed). A publisher like the hub's: it only hands each frame to the scan's open feeds and never waits.
/// Progress frames are few (one per stage), so one lock keeps opening, closing and publishing simple and race-free.
/// </summary>
public sealed class ScanProgressFeeds : IScanFramePublisher
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, HashSet<Feed>> feeds = [];

    public Feed Open(Guid scanId)
    {
        var feed = new Feed(this, scanId);
        lock (gate)
        {
            if (!feeds.TryGetValue(scanId, out var open)) feeds[scanId] = open = [];
            open.Add(feed);
        }
        return feed;
    }

    public Task PublishAsync(Guid scanId, string frameType, object frame, CancellationToken cancellationToken)
    {
        if (frameType != ScanFrames.Progress || frame is not ProgressFrame progress) return Task.CompletedTask;
        lock (gate)
        {
            if (feeds.TryGetValue(scanId, out var open))
                foreach (var feed in open) feed.Frames.Writer.TryWrite(progress);
        }
        return Task.CompletedTask;
    }

    private void Close(Feed feed)
    {
        lock (gate)
        {
            if (feeds.TryGetValue(feed.ScanId, out var open) && open.Remove(feed) && open.Count == 0) feeds.Remove(feed.ScanId);
        }
    }

    /// <summary>One subscriber's frames, in publish order; disposing it unsubscribes.</summary>
    public sealed class Feed(ScanProgressFeeds owner, Guid scanId) : IDisposable
    {
        public Guid ScanId { get; } = scanId;
        public Channel<ProgressFrame> Frames { get; } = Channel.CreateUnbounded<ProgressFrame>(new UnboundedChannelOptions { SingleReader = true });
        public void Dispose() => owner.Close(this);
    }
}

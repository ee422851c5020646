using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TrustedOss.Pipeline.Progress;

/// <summary>
/// In-process subscribers to one scan's `progress` frames, for transports that are not SignalR (the spec's plain
/// WebSocket feed). A publisher like the hub's: it only hands each frame to the scan's open feeds and never waits.
/// </summary>
public sealed class ScanProgressFeeds : IScanFramePublisher
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Feed, byte>> feeds = new();

    public Feed Open(Guid scanId)
    {
        var feed = new Feed(this, scanId);
        feeds.GetOrAdd(scanId, _ => new ConcurrentDictionary<Feed, byte>())[feed] = 0;
        return feed;
    }

    public Task PublishAsync(Guid scanId, string frameType, object frame, CancellationToken cancellationToken)
    {
        if (frameType == ScanFrames.Progress && frame is ProgressFrame progress && feeds.TryGetValue(scanId, out var open))
            foreach (var feed in open.Keys) feed.Frames.Writer.TryWrite(progress);
        return Task.CompletedTask;
    }

    private void Close(Feed feed)
    {
        if (feeds.TryGetValue(feed.ScanId, out var open))
        {
            open.TryRemove(feed, out _);
            if (open.IsEmpty) feeds.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<Feed, byte>>(feed.ScanId, open));
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

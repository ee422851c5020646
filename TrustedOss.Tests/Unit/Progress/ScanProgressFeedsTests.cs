using TrustedOss.Pipeline.Progress;

namespace TrustedOss.Tests.Unit.Progress;

public sealed class ScanProgressFeedsTests
{
    private static readonly DateTimeOffset Ts = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_open_feed_of_a_scan_gets_its_progress_frames_in_order_and_nothing_else()
    {
        var feeds = new ScanProgressFeeds();
        var scanId = Guid.NewGuid();
        using var first = feeds.Open(scanId);
        using var second = feeds.Open(scanId);
        using var otherScan = feeds.Open(Guid.NewGuid());

        await feeds.PublishAsync(scanId, ScanFrames.Progress, new ProgressFrame("fetch", 5, Ts), default);
        await feeds.PublishAsync(scanId, ScanFrames.Stage, new StageFrame("fetch", "running", Ts), default);
        await feeds.PublishAsync(scanId, ScanFrames.Log, new LogFrame("fetch", "stdout", "line", Ts), default);
        await feeds.PublishAsync(scanId, ScanFrames.Progress, new ProgressFrame("prep", 14, Ts), default);

        foreach (var feed in new[] { first, second })
        {
            Assert.True(feed.Frames.Reader.TryRead(out var a));
            Assert.True(feed.Frames.Reader.TryRead(out var b));
            Assert.Equal(["fetch", "prep"], new[] { a!.Step, b!.Step });
            Assert.False(feed.Frames.Reader.TryRead(out _));
        }
        Assert.False(otherScan.Frames.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_disposed_feed_gets_no_more_frames()
    {
        var feeds = new ScanProgressFeeds();
        var scanId = Guid.NewGuid();
        var feed = feeds.Open(scanId);
        feed.Dispose();

        await feeds.PublishAsync(scanId, ScanFrames.Progress, new ProgressFrame("fetch", 5, Ts), default);

        Assert.False(feed.Frames.Reader.TryRead(out _));
    }
}

using System.Diagnostics;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Tools;

public sealed class ProcessTreeCancellationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Cancelling_kills_the_tool_and_all_its_children_within_5_seconds()
    {
        // A fractional sleep length no other process uses marks every process of this run in /proc.
        var marker = $"{Random.Shared.Next(100, 999)}.{Random.Shared.Next(100000, 999999)}";
        var script = $"sleep {marker} & sleep {marker} & sleep {marker}; wait";
        var command = new ToolCommand("bash", ["-c", script], _dir.Path, TimeSpan.FromMinutes(10));
        using var cts = new CancellationTokenSource();

        var run = new ProcessRunner(TimeProvider.System).RunAsync(command, new RecordingStageLog(), cts.Token);
        // bash plus its three sleeps (each carries the marker in its argv) must be alive first.
        var before = await ProcessTable.WaitForAsync(marker, 4, TimeSpan.FromSeconds(5));
        Assert.True(before.Count >= 4, $"expected bash and 3 sleeps running, saw {before.Count}");

        var stopwatch = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var survivors = await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(5) - stopwatch.Elapsed);

        Assert.Empty(survivors);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }
}

using DurableTask.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using TrustedOss.Functions.SelfHost;

namespace TrustedOss.Tests.Unit.SelfHost;

public sealed class LockKeepingOrchestrationServiceTests
{
    readonly Mock<IOrchestrationService> inner = new(MockBehavior.Strict);

    LockKeepingOrchestrationService Keeper(TimeSpan? renewEvery = null) =>
        new(inner.Object, renewEvery ?? TimeSpan.FromHours(1), NullLogger.Instance);

    static TaskActivityWorkItem Activity(string id) => new()
    {
        Id = id,
        TaskMessage = new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = "scan-" + id } },
    };

    void Started()
    {
        inner.Setup(s => s.StartAsync()).Returns(Task.CompletedTask);
        inner.Setup(s => s.StopAsync(true)).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task Renews_the_lock_of_a_running_activity_until_it_completes()
    {
        Started();
        TaskActivityWorkItem item = Activity("a1");
        int renewals = 0;
        inner.Setup(s => s.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(item);
        inner.Setup(s => s.RenewTaskActivityWorkItemLockAsync(item)).Callback(() => Interlocked.Increment(ref renewals)).ReturnsAsync(item);
        inner.Setup(s => s.CompleteTaskActivityWorkItemAsync(item, It.IsAny<TaskMessage>())).Returns(Task.CompletedTask);
        await using var keeper = Keeper(TimeSpan.FromMilliseconds(20));
        await keeper.StartAsync();

        await keeper.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);
        await WaitUntilAsync(() => Volatile.Read(ref renewals) >= 2);
        await keeper.CompleteTaskActivityWorkItemAsync(item, new TaskMessage());
        int atCompletion = Volatile.Read(ref renewals);
        await Task.Delay(100);

        Assert.Equal(atCompletion, Volatile.Read(ref renewals));
        Assert.Equal(0, keeper.HeldCount);
    }

    [Fact]
    public async Task Stop_hands_back_held_work_then_stops_the_service_once()
    {
        Started();
        TaskActivityWorkItem activity = Activity("a1");
        var episode = new TaskOrchestrationWorkItem { InstanceId = "scan-1" };
        var calls = new List<string>();
        inner.Setup(s => s.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(activity);
        inner.Setup(s => s.LockNextTaskOrchestrationWorkItemAsync(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(episode);
        inner.Setup(s => s.AbandonTaskActivityWorkItemAsync(activity)).Callback(() => calls.Add("abandon activity")).Returns(Task.CompletedTask);
        inner.Setup(s => s.AbandonTaskOrchestrationWorkItemAsync(episode)).Callback(() => calls.Add("abandon episode")).Returns(Task.CompletedTask);
        inner.Setup(s => s.ReleaseTaskOrchestrationWorkItemAsync(episode)).Callback(() => calls.Add("release episode")).Returns(Task.CompletedTask);
        inner.Setup(s => s.StopAsync(true)).Callback(() => calls.Add("stop")).Returns(Task.CompletedTask);
        var keeper = Keeper();
        await keeper.StartAsync();
        await keeper.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);
        await keeper.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);

        await keeper.StopAsync(isForced: false);
        await keeper.StopAsync();
        await keeper.DisposeAsync();

        Assert.Equal(["abandon activity", "abandon episode", "release episode", "stop"], calls);
        Assert.Equal(0, keeper.HeldCount);
    }

    [Fact]
    public async Task A_result_reported_after_its_work_was_handed_back_is_refused_not_written()
    {
        Started();
        TaskActivityWorkItem activity = Activity("a1");
        inner.Setup(s => s.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(activity);
        inner.Setup(s => s.AbandonTaskActivityWorkItemAsync(activity)).Returns(Task.CompletedTask);
        var keeper = Keeper();
        await keeper.StartAsync();
        await keeper.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);
        await keeper.StopAsync(isForced: true);

        await Assert.ThrowsAsync<InvalidOperationException>(() => keeper.CompleteTaskActivityWorkItemAsync(activity, new TaskMessage()));
        await keeper.AbandonTaskActivityWorkItemAsync(activity);
        inner.Verify(s => s.CompleteTaskActivityWorkItemAsync(It.IsAny<TaskActivityWorkItem>(), It.IsAny<TaskMessage>()), Times.Never);
        inner.Verify(s => s.AbandonTaskActivityWorkItemAsync(activity), Times.Once);
    }

    [Fact]
    public async Task Start_runs_once_however_often_it_is_called_and_stop_before_start_touches_nothing()
    {
        Started();
        var keeper = Keeper();
        await Task.WhenAll(keeper.StartAsync(), keeper.StartAsync());
        inner.Verify(s => s.StartAsync(), Times.Once);

        var neverStarted = Keeper();
        await neverStarted.StopAsync(isForced: true);
        inner.Verify(s => s.StopAsync(It.IsAny<bool>()), Times.Never);
        await keeper.DisposeAsync();
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}

using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// The Azure Storage orchestration service as the in-process gRPC sidecar should see it. The sidecar's
/// dispatchers, unlike DTFx's own, never renew an activity's queue-message lock (a stage running longer
/// than the lock would be started a second time elsewhere) and never give held work back on shutdown (a
/// restart would wait for the locks to expire). This wrapper renews the locks of running activities, hands
/// back everything still held when the self-host stops, and makes start/stop idempotent so the sidecar's
/// own unawaited start/stop calls cannot run them twice.
/// </summary>
internal sealed class LockKeepingOrchestrationService(IOrchestrationService inner, TimeSpan renewEvery, ILogger logger)
    : IOrchestrationService, IAsyncDisposable
{
    readonly ConcurrentDictionary<string, Held<TaskActivityWorkItem>> activities = new();
    readonly ConcurrentDictionary<TaskOrchestrationWorkItem, Held<TaskOrchestrationWorkItem>> orchestrations = new(ReferenceEqualityComparer.Instance);
    readonly CancellationTokenSource stopping = new();
    readonly Lock gate = new();
    Task? started;
    Task? stopped;
    Task? renewLoop;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    /// <summary>Activities and orchestration episodes currently held by this instance.</summary>
    public int HeldCount => activities.Count + orchestrations.Count;

    public Task StartAsync()
    {
        lock (gate)
        {
            // A start that failed (storage unreachable) may be tried again.
            if (started is { IsFaulted: true } or { IsCanceled: true }) started = null;
            return started ??= StartOnceAsync();
        }
    }

    async Task StartOnceAsync()
    {
        await inner.StartAsync();
        renewLoop = Task.Run(RenewLoopAsync);
    }

    /// <summary>Gives back held work, then stops the service, which releases this instance's partitions.</summary>
    public Task StopAsync(bool isForced)
    {
        lock (gate)
        {
            return stopped ??= StopOnceAsync();
        }
    }

    public Task StopAsync() => StopAsync(isForced: true);

    async Task StopOnceAsync()
    {
        await stopping.CancelAsync();
        if (renewLoop is not null)
        {
            await renewLoop;
        }

        await GiveBackAsync();
        if (started is { IsCompletedSuccessfully: true })
        {
            // Forced: the worker is gone, so held sessions cannot finish; don't let the partition drain wait on them.
            await inner.StopAsync(isForced: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(isForced: true);
        stopping.Dispose();
    }

    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskActivityWorkItem workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            activities[workItem.Id] = new Held<TaskActivityWorkItem>(workItem);
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) =>
        inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        SettleActivityAsync(workItem, () => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage), mustBeHeld: true);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) =>
        SettleActivityAsync(workItem, () => inner.AbandonTaskActivityWorkItemAsync(workItem), mustBeHeld: false);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskOrchestrationWorkItem workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            orchestrations[workItem] = new Held<TaskOrchestrationWorkItem>(workItem);
        }

        return workItem!;
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) =>
        inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        Held<TaskOrchestrationWorkItem> held = orchestrations.GetValueOrDefault(workItem) ?? throw GivenBack(workItem.InstanceId);
        await held.SettleAsync(
            () => inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages,
                orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState),
            whenAlreadySettled: () => throw GivenBack(workItem.InstanceId));
    }

    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        if (orchestrations.GetValueOrDefault(workItem) is { } held)
        {
            await held.SettleAsync(() => inner.AbandonTaskOrchestrationWorkItemAsync(workItem), whenAlreadySettled: () => { });
        }
    }

    // Release ends the session; only the first release (the dispatcher's, or ours at shutdown) goes through.
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) =>
        orchestrations.TryRemove(workItem, out _) ? inner.ReleaseTaskOrchestrationWorkItemAsync(workItem) : Task.CompletedTask;

    async Task SettleActivityAsync(TaskActivityWorkItem workItem, Func<Task> settle, bool mustBeHeld)
    {
        if (!activities.TryGetValue(workItem.Id, out Held<TaskActivityWorkItem>? held))
        {
            if (mustBeHeld)
            {
                throw GivenBack(workItem.TaskMessage.OrchestrationInstance.InstanceId);
            }

            return;
        }

        await held.SettleAsync(settle, whenAlreadySettled: mustBeHeld ? () => throw GivenBack(workItem.Id) : () => { });
        activities.TryRemove(workItem.Id, out _);
    }

    async Task RenewLoopAsync()
    {
        using var timer = new PeriodicTimer(renewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                foreach (Held<TaskActivityWorkItem> held in activities.Values)
                {
                    await RenewAsync(held);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping
        }
    }

    async Task RenewAsync(Held<TaskActivityWorkItem> held)
    {
        try
        {
            await held.UnlessSettledAsync(() => inner.RenewTaskActivityWorkItemLockAsync(held.WorkItem));
        }
        catch (Exception e)
        {
            // The next tick tries again; a lock that does lapse means the activity may run once more elsewhere.
            logger.LogWarning(e, "Could not renew the lock of activity work item {WorkItemId}", held.WorkItem.Id);
        }
    }

    async Task GiveBackAsync()
    {
        foreach (Held<TaskActivityWorkItem> held in activities.Values)
        {
            await GiveBackAsync(held, () => inner.AbandonTaskActivityWorkItemAsync(held.WorkItem), held.WorkItem.Id);
            activities.TryRemove(held.WorkItem.Id, out _);
        }

        foreach (Held<TaskOrchestrationWorkItem> held in orchestrations.Values)
        {
            await GiveBackAsync(held, () => inner.AbandonTaskOrchestrationWorkItemAsync(held.WorkItem), held.WorkItem.InstanceId);
            await GiveBackAsync(held, () => ReleaseTaskOrchestrationWorkItemAsync(held.WorkItem), held.WorkItem.InstanceId, settle: false);
        }
    }

    async Task GiveBackAsync<T>(Held<T> held, Func<Task> giveBack, string id, bool settle = true)
    {
        try
        {
            if (settle)
            {
                await held.SettleAsync(giveBack, whenAlreadySettled: () => { });
            }
            else
            {
                await giveBack();
            }
        }
        catch (Exception e)
        {
            // Not fatal: the work item becomes visible again when its lock expires.
            logger.LogWarning(e, "Could not hand back work item {WorkItemId} at shutdown", id);
        }
    }

    static InvalidOperationException GivenBack(string id) =>
        new($"Work item for '{id}' was handed back to the task hub at shutdown; its result is dropped and it will run again.");

    /// <summary>A work item this instance holds; settling (complete/abandon) and renewing never overlap.</summary>
    sealed class Held<T>(T workItem)
    {
        readonly SemaphoreSlim turn = new(1, 1);
        bool settled;

        public T WorkItem => workItem;

        public async Task SettleAsync(Func<Task> settle, Action whenAlreadySettled)
        {
            await turn.WaitAsync();
            try
            {
                if (settled)
                {
                    whenAlreadySettled();
                    return;
                }

                await settle();
                settled = true;
            }
            finally
            {
                turn.Release();
            }
        }

        public async Task UnlessSettledAsync(Func<Task> action)
        {
            await turn.WaitAsync();
            try
            {
                if (!settled)
                {
                    await action();
                }
            }
            finally
            {
                turn.Release();
            }
        }
    }
}

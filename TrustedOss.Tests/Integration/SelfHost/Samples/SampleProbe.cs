using System.Collections.Concurrent;

namespace TrustedOss.Tests.Integration.SelfHost.Samples;

/// <summary>What the sample functions did, and the gate the blocking activity waits on. One per test,
/// registered as a singleton in every host the test starts (so it survives a host restart).</summary>
public sealed class SampleProbe
{
    readonly ConcurrentQueue<(string Function, string Detail)> calls = new();
    readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    volatile TaskCompletionSource blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Record(string function, string detail = "") => calls.Enqueue((function, detail));

    public IReadOnlyList<string> Details(string function) => calls.Where(c => c.Function == function).Select(c => c.Detail).ToList();

    public int Count(string function) => calls.Count(c => c.Function == function);

    /// <summary>Completes when the blocking activity has started (again, after <see cref="ExpectBlockedAgain"/>).</summary>
    public Task Blocked => blocked.Task;

    public void ExpectBlockedAgain() => blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void SignalBlocked() => blocked.TrySetResult();

    public Task Released => release.Task;

    public void Release() => release.TrySetResult();
}

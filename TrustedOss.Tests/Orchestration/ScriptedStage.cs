using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Tests.Orchestration;

/// <summary>A stage double for engine tests: it succeeds unless told otherwise, and counts its runs.</summary>
internal sealed class ScriptedStage(string slug) : IScanStage
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int calls;

    public string Slug => slug;

    /// <summary>How often the executor ran this stage (retries included).</summary>
    public int Calls => Volatile.Read(ref calls);

    public Func<StageContext, CancellationToken, Task<StageResult>> Behaviour { get; set; } = (_, _) => Task.FromResult(StageResult.Succeeded());

    /// <summary>Completes when a blocking run has started.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a blocking run's token fired (the activity's watcher stopping the "tool").</summary>
    public TaskCompletionSource SawCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        return Behaviour(context, cancellationToken);
    }

    /// <summary>
    /// Runs until <see cref="Release"/>, ignoring its token the way a tool slow to die does, so a test can
    /// tell the orchestration's own decision from the activity finishing.
    /// </summary>
    public void BlockUntilReleased() => Behaviour = async (_, token) =>
    {
        Started.TrySetResult();
        await using var registration = token.Register(() => SawCancellation.TrySetResult());
        await released.Task;
        token.ThrowIfCancellationRequested();
        return StageResult.Succeeded();
    };

    public void Release() => released.TrySetResult();
}

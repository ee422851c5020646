namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// The token a self-hosted activity receives as its <see cref="CancellationToken"/> parameter. It fires
/// during shutdown only after the worker has stopped, so an activity that gives up cannot report a failure
/// that would fail its scan: its work item is handed back to the task hub and runs again on restart.
/// </summary>
internal sealed class ActivityShutdownSignal : IDisposable
{
    readonly CancellationTokenSource source = new();

    public CancellationToken Token => source.Token;

    public Task FireAsync() => source.CancelAsync();

    public void Dispose() => source.Dispose();
}

namespace TrustedOss.Pipeline.Scans;

/// <summary>
/// A token that fires when the scan's row turns terminal under a running stage — `cancelled` by a user
/// (the API commits that first) or `failed` by the stuck-scan backstop — so the tool the stage is
/// running is killed even if the orchestration's cancel event arrives late or never.
/// </summary>
public sealed class ScanCancellationWatcher : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource cancelled;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private ScanCancellationWatcher(ScanStateStore state, Guid scanId, CancellationToken hostToken, TimeProvider clock)
    {
        cancelled = CancellationTokenSource.CreateLinkedTokenSource(hostToken);
        loop = WatchAsync(state, scanId, clock);
    }

    /// <summary>Fires when the scan ends elsewhere, or when the host shuts down.</summary>
    public CancellationToken Token => cancelled.Token;

    /// <summary>The terminal status the scan was given while the stage ran; null if it was not.</summary>
    public string? EndedAs { get; private set; }

    public static ScanCancellationWatcher Start(ScanStateStore state, Guid scanId, CancellationToken hostToken, TimeProvider clock) => new(state, scanId, hostToken, clock);

    private async Task WatchAsync(ScanStateStore state, Guid scanId, TimeProvider clock)
    {
        while (!stop.IsCancellationRequested && !cancelled.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, clock, stop.Token);
                if (await state.StatusAsync(scanId, stop.Token) is { } status && ScanStatus.IsTerminal(status))
                {
                    EndedAs = status;
                    await cancelled.CancelAsync();
                }
            }
            catch (OperationCanceledException) { return; }
            catch (Npgsql.NpgsqlException) { /* a lost poll is retried on the next tick */ }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
        cancelled.Dispose();
    }
}

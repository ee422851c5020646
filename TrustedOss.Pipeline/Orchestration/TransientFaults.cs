using Microsoft.DurableTask;

namespace TrustedOss.Pipeline.Orchestration;

/// <summary>
/// Which activity failures are worth retrying: lost connections and storage hiccups. A tool's real
/// failure never reaches here — stages record it as a failed stage instead of throwing.
/// </summary>
public static class TransientFaults
{
    private static readonly HashSet<string> TransientTypes =
    [
        "Npgsql.NpgsqlException",
        "System.TimeoutException",
        "System.Net.Sockets.SocketException",
        "System.Net.Http.HttpRequestException",
        "Azure.RequestFailedException",
        "System.IO.IOException",
    ];

    public static bool IsTransient(TaskFailureDetails failure) =>
        TransientTypes.Contains(failure.ErrorType) || (failure.InnerFailure is { } inner && IsTransient(inner));

    /// <summary>Three attempts, 2 s then 4 s apart; declared once and used for every stage.</summary>
    public static TaskOptions RetryOptions { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2.0)
        {
            HandleFailure = IsTransient,
        });
}

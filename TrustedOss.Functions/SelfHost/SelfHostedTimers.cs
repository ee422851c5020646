using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Fires the app's <c>[TimerTrigger]</c> functions on their schedules in the self-host. Runs of one function
/// never overlap (occurrences missed while it runs are skipped, as under the Functions host); a failing run
/// is logged and the schedule goes on. Every instance fires every timer: single-flight across instances is
/// the timer body's job (FACTS.md).
/// </summary>
internal sealed class SelfHostedTimers(
    IReadOnlyList<TimerFunction> timers,
    IConfiguration configuration,
    IReadOnlyDictionary<string, string> scheduleDefaults,
    IServiceProvider services,
    TimeProvider time,
    ILogger<SelfHostedTimers> logger) : BackgroundService
{
    // Task.Delay cannot wait longer than ~49 days; a yearly schedule waits in steps.
    static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);
    static readonly TimeSpan PastDueAfter = TimeSpan.FromSeconds(1);

    IReadOnlyList<(TimerFunction Function, TimerSchedule Schedule)> scheduled = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here so a missing %SETTING% or a bad expression fails the start, not the first tick.
        scheduled = timers.Select(t => (t, t.Schedule(configuration, scheduleDefaults))).ToList();
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(scheduled.Select(s => Task.Run(() => RunScheduleAsync(s.Function, s.Schedule, stoppingToken), stoppingToken)));

    async Task RunScheduleAsync(TimerFunction function, TimerSchedule schedule, CancellationToken stopping)
    {
        try
        {
            DateTimeOffset? last = null;
            if (function.Trigger.RunOnStartup)
            {
                DateTimeOffset now = time.GetUtcNow();
                await FireAsync(function, schedule, due: now, last, stopping);
                last = now;
            }

            while (!stopping.IsCancellationRequested)
            {
                DateTimeOffset from = Later(time.GetUtcNow(), last);
                if (schedule.NextAfter(from) is not { } due)
                {
                    logger.LogWarning("Timer function {Function}: schedule '{Schedule}' has no further occurrence", function.Name, schedule.Text);
                    return;
                }

                if (!await WaitUntilAsync(due, stopping))
                {
                    continue;
                }

                await FireAsync(function, schedule, due, last, stopping);
                last = due;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // host stopping
        }
    }

    // False when it woke early (a long wait is taken in steps, and clocks can jump); the caller re-plans.
    async Task<bool> WaitUntilAsync(DateTimeOffset due, CancellationToken stopping)
    {
        TimeSpan wait = due - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait < LongestWait ? wait : LongestWait, time, stopping);
        }

        return time.GetUtcNow() >= due;
    }

    async Task FireAsync(TimerFunction function, TimerSchedule schedule, DateTimeOffset due, DateTimeOffset? last, CancellationToken stopping)
    {
        DateTimeOffset now = time.GetUtcNow();
        var info = new TimerInfo
        {
            IsPastDue = now - due > PastDueAfter,
            ScheduleStatus = new ScheduleStatus
            {
                Last = (last ?? DateTimeOffset.MinValue).UtcDateTime,
                Next = (schedule.NextAfter(Later(now, due)) ?? DateTimeOffset.MaxValue).UtcDateTime,
                LastUpdated = now.UtcDateTime,
            },
        };

        try
        {
            await function.InvokeAsync(services, info, stopping);
            logger.LogDebug("Timer function {Function} ran for the occurrence at {Due:o}", function.Name, due);
        }
        catch (Exception e) when (!(e is OperationCanceledException && stopping.IsCancellationRequested))
        {
            logger.LogError(e, "Timer function {Function} failed for the occurrence at {Due:o}", function.Name, due);
        }
    }

    static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset? b) => b is { } v && v > a ? v : a;
}

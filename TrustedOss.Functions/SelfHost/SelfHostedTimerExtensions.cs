using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace TrustedOss.Functions.SelfHost;

/// <summary>The timer half of the self-host (ARCHITECTURE §3).</summary>
public static class SelfHostedTimerExtensions
{
    /// <summary>
    /// Runs every <c>[Function]</c> with a <c>[TimerTrigger]</c> in <paramref name="functionsAssembly"/> on its
    /// schedule (6-field NCRONTAB or hh:mm:ss, <c>%SETTING%</c> read from <see cref="IConfiguration"/>, else from
    /// <paramref name="scheduleDefaults"/>, UTC).
    /// Throws at once for a parameter the self-host cannot bind; an unresolvable schedule fails the host start.
    /// Uses the registered <see cref="TimeProvider"/> (the system clock if none).
    /// </summary>
    public static IServiceCollection AddSelfHostedTimers(
        this IServiceCollection services, Assembly functionsAssembly, IReadOnlyDictionary<string, string>? scheduleDefaults = null)
    {
        IReadOnlyList<TimerFunction> timers = TimerFunction.Discover(functionsAssembly);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService(sp => new SelfHostedTimers(
            timers,
            sp.GetRequiredService<IConfiguration>(),
            scheduleDefaults ?? new Dictionary<string, string>(),
            sp,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SelfHostedTimers>>()));
        return services;
    }
}

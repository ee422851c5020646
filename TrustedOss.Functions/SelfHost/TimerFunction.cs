using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// A <c>[Function]</c> with a <c>[TimerTrigger]</c> parameter. Its parameters are the <see cref="TimerInfo"/>
/// and optionally a <see cref="CancellationToken"/> that fires when the self-host stops and a
/// <c>[DurableClient]</c> <see cref="DurableTaskClient"/> (the self-host's client, as HTTP functions get it).
/// </summary>
internal sealed record TimerFunction(string Name, MethodInfo Method, TimerTriggerAttribute Trigger)
{
    public static IReadOnlyList<TimerFunction> Discover(Assembly assembly)
    {
        var timers = new List<TimerFunction>();
        foreach ((string name, MethodInfo method) in FunctionMethodScanner.Find(assembly))
        {
            if (FunctionMethodScanner.TriggerParameter<TimerTriggerAttribute>(method) is { } trigger)
            {
                foreach (ParameterInfo p in method.GetParameters().Where(p => p != trigger && p.ParameterType != typeof(CancellationToken) && p.ParameterType != typeof(DurableTaskClient)))
                {
                    throw new InvalidOperationException(
                        $"Timer function '{name}' ({FunctionMethodScanner.Describe(method)}): parameter '{p.Name}' ({p.ParameterType.Name}) " +
                        "cannot be bound by the self-host: a timer function takes its TimerInfo and optionally a CancellationToken and a DurableTaskClient.");
                }

                if (trigger.ParameterType != typeof(TimerInfo))
                {
                    throw new InvalidOperationException($"Timer function '{name}': the [TimerTrigger] parameter must be a TimerInfo.");
                }

                timers.Add(new TimerFunction(name, method, trigger.GetCustomAttribute<TimerTriggerAttribute>()!));
            }
        }

        return timers;
    }

    /// <summary>
    /// The schedule, with a <c>%SETTING%</c> reference resolved from configuration as the Functions host does; an
    /// unset or empty setting falls back to <paramref name="defaults"/> (the self-host's own, by setting name).
    /// </summary>
    public TimerSchedule Schedule(IConfiguration configuration, IReadOnlyDictionary<string, string>? defaults = null)
    {
        string text = Trigger.Schedule;
        if (text.Length > 2 && text.StartsWith('%') && text.EndsWith('%'))
        {
            string key = text[1..^1];
            text = configuration[key] is { Length: > 0 } value ? value
                : defaults?.GetValueOrDefault(key) is { } fallback ? fallback
                : throw new InvalidOperationException($"Timer function '{Name}': its schedule setting {key} is not set.");
        }

        try
        {
            return TimerSchedule.Parse(text);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"Timer function '{Name}': invalid schedule. {e.Message}", e);
        }
    }

    /// <summary>One run, in a DI scope of its own, as the Functions host runs a timer function.</summary>
    public async Task InvokeAsync(IServiceProvider services, TimerInfo info, CancellationToken stopping)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        object?[] arguments = Method.GetParameters().Select(p =>
            p.ParameterType == typeof(TimerInfo) ? info
            : p.ParameterType == typeof(DurableTaskClient) ? scope.ServiceProvider.GetRequiredService<DurableTaskClient>()
            : (object?)stopping).ToArray();
        await FunctionInvocation.InvokeAsync(Method, scope.ServiceProvider, arguments);
    }
}

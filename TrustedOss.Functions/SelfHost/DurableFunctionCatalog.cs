using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace TrustedOss.Functions.SelfHost;

/// <summary>What a parameter of a durable <c>[Function]</c> receives in the self-host.</summary>
internal enum DurableParameter
{
    /// <summary>The orchestration context (<c>[OrchestrationTrigger]</c>).</summary>
    Context,
    /// <summary>The orchestration or activity input.</summary>
    Input,
    /// <summary>Fires when the self-host shuts down (activities only).</summary>
    Cancellation,
}

/// <summary>One orchestrator or activity <c>[Function]</c>, with how each of its parameters is bound.</summary>
internal sealed record DurableFunction(string Name, MethodInfo Method, IReadOnlyList<DurableParameter> Parameters)
{
    /// <summary>The declared input type (<c>object</c> when the method takes no input parameter).</summary>
    public Type InputType => Method.GetParameters()
        .Where((_, i) => Parameters[i] == DurableParameter.Input)
        .Select(p => p.ParameterType)
        .FirstOrDefault() ?? typeof(object);

    public Type OutputType => FunctionInvocation.ResultType(Method);
}

/// <summary>
/// The orchestrators and activities declared in an assembly. Signatures the self-host cannot honour fail
/// at start-up with the function's name, never at the first scan.
/// </summary>
internal sealed record DurableFunctionCatalog(IReadOnlyList<DurableFunction> Orchestrators, IReadOnlyList<DurableFunction> Activities)
{
    public static DurableFunctionCatalog Discover(Assembly assembly)
    {
        var orchestrators = new List<DurableFunction>();
        var activities = new List<DurableFunction>();
        foreach ((string name, MethodInfo method) in FunctionMethodScanner.Find(assembly))
        {
            if (FunctionMethodScanner.TriggerParameter<OrchestrationTriggerAttribute>(method) is not null)
            {
                orchestrators.Add(new DurableFunction(name, method, BindOrchestrator(name, method)));
            }
            else if (FunctionMethodScanner.TriggerParameter<ActivityTriggerAttribute>(method) is not null)
            {
                activities.Add(new DurableFunction(name, method, BindActivity(name, method)));
            }
        }

        RejectDuplicates(orchestrators.Concat(activities));
        return new DurableFunctionCatalog(orchestrators, activities);
    }

    // Functions binds an orchestrator's context, plus its input to one undecorated parameter.
    static DurableParameter[] BindOrchestrator(string name, MethodInfo method)
    {
        var roles = new List<DurableParameter>();
        foreach (ParameterInfo p in method.GetParameters())
        {
            if (p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null)
            {
                roles.Add(p.ParameterType == typeof(TaskOrchestrationContext)
                    ? DurableParameter.Context
                    : throw Unsupported(name, method, p, "the [OrchestrationTrigger] parameter must be a TaskOrchestrationContext"));
            }
            else if (p.ParameterType == typeof(FunctionContext))
            {
                throw Unsupported(name, method, p, "FunctionContext exists only under the Functions host; log with context.CreateReplaySafeLogger(...) instead");
            }
            else if (!roles.Contains(DurableParameter.Input) && !HasBindingAttribute(p))
            {
                roles.Add(DurableParameter.Input);
            }
            else
            {
                throw Unsupported(name, method, p, "an orchestrator takes its context and at most one input parameter");
            }
        }

        return [.. roles];
    }

    // Activities take their input and optionally a CancellationToken (fired when the self-host shuts down).
    static DurableParameter[] BindActivity(string name, MethodInfo method)
    {
        var roles = new List<DurableParameter>();
        foreach (ParameterInfo p in method.GetParameters())
        {
            if (p.GetCustomAttribute<ActivityTriggerAttribute>() is not null)
            {
                roles.Add(DurableParameter.Input);
            }
            else if (p.ParameterType == typeof(CancellationToken))
            {
                roles.Add(DurableParameter.Cancellation);
            }
            else if (p.ParameterType == typeof(FunctionContext))
            {
                throw Unsupported(name, method, p, "FunctionContext exists only under the Functions host; inject services through the constructor instead");
            }
            else
            {
                throw Unsupported(name, method, p, "an activity takes its [ActivityTrigger] input and optionally a CancellationToken");
            }
        }

        return [.. roles];
    }

    static bool HasBindingAttribute(ParameterInfo p) =>
        p.GetCustomAttributes().Any(a => a.GetType().Namespace?.StartsWith("Microsoft.Azure.Functions.Worker", StringComparison.Ordinal) == true);

    static void RejectDuplicates(IEnumerable<DurableFunction> functions)
    {
        foreach (var clash in functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException(
                $"Durable function name '{clash.Key}' is declared more than once: {string.Join(", ", clash.Select(f => FunctionMethodScanner.Describe(f.Method)))}.");
        }
    }

    static InvalidOperationException Unsupported(string name, MethodInfo method, ParameterInfo p, string rule) =>
        new($"Durable function '{name}' ({FunctionMethodScanner.Describe(method)}): parameter '{p.Name}' ({p.ParameterType.Name}) cannot be bound by the self-host: {rule}.");
}

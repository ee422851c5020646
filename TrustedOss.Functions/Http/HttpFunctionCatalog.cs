using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace TrustedOss.Functions.Http;

/// <summary>An HTTP-triggered function as declared by its attributes — the single source of its route.</summary>
public sealed record HttpFunction(string Name, MethodInfo Method, IReadOnlyList<string> Verbs, string Route);

/// <summary>Finds every `[Function]` with an `[HttpTrigger]` parameter, so the self-host never restates a route.</summary>
public static class HttpFunctionCatalog
{
    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(),
                Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .Select(x => new HttpFunction(
                x.Function!.Name,
                x.Method,
                (x.Trigger!.Methods ?? ["get", "post", "put", "patch", "delete"]).Select(v => v.ToUpperInvariant()).ToArray(),
                x.Trigger.Route ?? x.Function.Name))
            .OrderBy(f => f.Route, StringComparer.Ordinal)
            .ToArray();
}

using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Finds the <c>[Function]</c> methods of an assembly: the one declaration both hosts read, so the
/// self-host never restates a function name, trigger or schedule (ARCHITECTURE §3).
/// </summary>
internal static class FunctionMethodScanner
{
    public static IEnumerable<(string Name, MethodInfo Method)> Find(Assembly assembly)
    {
        foreach (Type type in LoadableTypes(assembly))
        {
            if (type.IsGenericTypeDefinition || type.IsInterface)
            {
                continue;
            }

            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MethodInfo method in type.GetMethods(flags))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is { } function)
                {
                    yield return (function.Name, method);
                }
            }
        }
    }

    /// <summary>The parameter carrying trigger attribute <typeparamref name="TTrigger"/>, if any.</summary>
    public static ParameterInfo? TriggerParameter<TTrigger>(MethodInfo method) where TTrigger : Attribute =>
        method.GetParameters().FirstOrDefault(p => p.GetCustomAttribute<TTrigger>() is not null);

    public static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";

    // A type whose dependencies cannot load cannot hold a function this process could run anyway.
    static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}

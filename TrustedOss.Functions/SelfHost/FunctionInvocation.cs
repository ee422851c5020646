using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Calls a <c>[Function]</c> method the way the isolated worker does: an instance method gets a fresh
/// instance of its class built from DI per invocation; any awaitable result is awaited and unwrapped.
/// </summary>
internal static class FunctionInvocation
{
    public static async Task<object?> InvokeAsync(MethodInfo method, IServiceProvider services, object?[] arguments)
    {
        object? target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        try
        {
            // DoNotWrapExceptions: the caller (and a durable failure record) sees the function's own exception.
            object? returned = method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            // No ConfigureAwait(false): inside an orchestrator, continuations must stay on the replay scheduler.
            return await UnwrapAsync(returned, method.ReturnType);
        }
        finally
        {
            switch (target)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
    }

    /// <summary>The value type a method produces once awaited (<c>object</c> for none).</summary>
    public static Type ResultType(MethodInfo method)
    {
        Type type = method.ReturnType;
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask))
        {
            return typeof(object);
        }

        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return type.GetGenericArguments()[0];
        }

        return type;
    }

    // Decided by the declared return type: the runtime type of an `async Task` is a Task<VoidTaskResult>.
    static async Task<object?> UnwrapAsync(object? returned, Type declared)
    {
        switch (returned)
        {
            case Task task:
                await task;
                return declared.IsGenericType ? declared.GetProperty(nameof(Task<int>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            case not null when declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)declared.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
                await asTask;
                return asTask.GetType().GetProperty(nameof(Task<int>.Result))!.GetValue(asTask);
            default:
                return returned;
        }
    }
}

using Microsoft.DurableTask;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Runs one <c>[Function]</c> activity on the Durable Task worker. The worker deserializes the input to the
/// <c>[ActivityTrigger]</c> parameter's type with <see cref="SelfHostJson"/>; an instance method's class is
/// built per call from the activity's DI scope. A <see cref="CancellationToken"/> parameter fires when the
/// self-host shuts down (there is no FunctionContext outside the Functions host).
/// </summary>
internal sealed class FunctionActivity(DurableFunction function, IServiceProvider scopedServices, CancellationToken shutdown)
    : ITaskActivity
{
    public Type InputType => function.InputType;

    public Type OutputType => function.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        object?[] arguments = function.Parameters
            .Select(role => role == DurableParameter.Cancellation ? shutdown : input)
            .ToArray();
        try
        {
            object? result = await FunctionInvocation.InvokeAsync(function.Method, scopedServices, arguments);
            return shutdown.IsCancellationRequested ? await NeverAsync() : result;
        }
        catch (Exception) when (shutdown.IsCancellationRequested)
        {
            return await NeverAsync();
        }
    }

    // After shutdown the worker has stopped and this work item was handed back to the task hub, where it
    // runs again: there is no one to report to, and trying only logs a spurious "unexpected error".
    // The pending task is unreferenced and collected with this invocation.
    static Task<object?> NeverAsync() => new TaskCompletionSource<object?>().Task;
}

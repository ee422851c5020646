using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Runs one <c>[Function]</c> orchestrator on the Durable Task worker. Its input is taken untyped (as JSON)
/// and converted on demand, either to the method's input parameter or by <c>context.GetInput&lt;T&gt;()</c>.
/// </summary>
internal sealed class FunctionOrchestrator(DurableFunction function, IServiceProvider services, ILoggerFactory loggerFactory)
    : ITaskOrchestrator
{
    public Type InputType => typeof(object);

    public Type OutputType => function.OutputType;

    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var wrapped = new FunctionsStyleOrchestrationContext(context, input, loggerFactory);
        Type inputType = function.InputType;
        object?[] arguments = function.Parameters
            .Select(role => role == DurableParameter.Context ? wrapped : wrapped.ConvertInput(inputType))
            .ToArray();
        return FunctionInvocation.InvokeAsync(function.Method, services, arguments);
    }
}

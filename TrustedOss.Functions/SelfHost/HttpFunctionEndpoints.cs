using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Serves the declared HTTP functions on Kestrel: each route from its `[HttpTrigger]`, parameters bound
/// the way the Functions host binds them (request, route values, durable client, cancellation).
/// </summary>
public static class HttpFunctionEndpoints
{
    public static void MapHttpFunctions(this WebApplication app, Assembly assembly, string routePrefix)
    {
        foreach (var function in HttpFunctionCatalog.Discover(assembly))
        {
            var pattern = string.IsNullOrEmpty(routePrefix) ? function.Route : $"{routePrefix.Trim('/')}/{function.Route}";
            var binders = function.Method.GetParameters().Select(CreateBinder).ToArray();
            app.MapMethods("/" + pattern, function.Verbs, context => InvokeAsync(context, function, binders)).WithName(function.Name);
        }
        app.MapFallback(context => WriteAsync(context, ApiResults.Problem(Problem.RouteNotFound(context.Request.Path.Value ?? "/"), context.Request)));
    }

    private static async Task InvokeAsync(HttpContext context, HttpFunction function, Func<HttpContext, object?>[] binders)
    {
        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(context.RequestServices, function.Method.DeclaringType!);
        var returned = function.Method.Invoke(target, binders.Select(b => b(context)).ToArray());
        var result = returned switch
        {
            Task<IActionResult> task => await task,
            IActionResult actionResult => actionResult,
            _ => throw new InvalidOperationException($"{function.Name} must return IActionResult or Task<IActionResult>."),
        };
        await WriteAsync(context, result);
    }

    /// <summary>Renders a function's result (or a problem) on a plain ASP.NET Core request.</summary>
    internal static Task WriteAsync(HttpContext context, IActionResult result) =>
        result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));

    private static Func<HttpContext, object?> CreateBinder(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest)) return c => c.Request;
        if (parameter.ParameterType == typeof(CancellationToken)) return c => c.RequestAborted;
        if (parameter.ParameterType == typeof(DurableTaskClient)) return c => c.RequestServices.GetRequiredService<DurableTaskClient>();
        if (parameter.ParameterType == typeof(FunctionContext))
            throw new NotSupportedException($"{parameter.Member.Name}: HTTP functions must not take FunctionContext; it exists only under the Functions host.");
        if (parameter.ParameterType == typeof(string)) return c => c.GetRouteValue(parameter.Name!)?.ToString();
        throw new NotSupportedException($"{parameter.Member.Name}: cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name} in the self-host.");
    }
}

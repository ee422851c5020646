using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// The orchestration context handed to a <c>[Function]</c> orchestrator in the self-host. Like the Functions
/// host's own wrapper it makes <see cref="GetInput{T}"/> convert the input to any type: the standalone
/// worker's context only casts, and our orchestrators are registered with an untyped (JSON) input.
/// Everything else is passed through to the worker's context untouched.
/// </summary>
internal sealed class FunctionsStyleOrchestrationContext(TaskOrchestrationContext inner, object? input, ILoggerFactory loggerFactory)
    : TaskOrchestrationContext
{
    public override TaskName Name => inner.Name;
    public override string InstanceId => inner.InstanceId;
    public override ParentOrchestrationInstance? Parent => inner.Parent;
    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;
    public override bool IsReplaying => inner.IsReplaying;
    public override string Version => inner.Version;
    public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;
    public override TaskOrchestrationEntityFeature Entities => inner.Entities;
    protected override ILoggerFactory LoggerFactory => loggerFactory;

    public override T GetInput<T>() => (T)ConvertInput(typeof(T))!;

    /// <summary>The input converted to <paramref name="type"/> with the Functions host's JSON rules.</summary>
    public object? ConvertInput(Type type) => input switch
    {
        null => type.IsValueType ? Activator.CreateInstance(type) : null,
        _ when type.IsInstanceOfType(input) => input,
        JsonElement json => SelfHostJson.Converter.Deserialize(json.GetRawText(), type),
        _ => SelfHostJson.Converter.Deserialize(SelfHostJson.Converter.Serialize(input), type),
    };

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        inner.CallActivityAsync<TResult>(name, input, options);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        inner.CreateTimer(fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload) =>
        inner.SendEvent(instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override void ContinueAsNew(ContinueAsNewOptions options) => inner.ContinueAsNew(options);

    public override Guid NewGuid() => inner.NewGuid();
}

using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace TrustedOss.Tests.Integration.SelfHost.Samples;

/// <summary>Orchestrators declared exactly as the app declares them for the Functions host.</summary>
public static class SampleOrchestrators
{
    [Function("SampleGreeting")]
    public static async Task<GreetingResult> Greeting([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        GreetingRequest request = context.GetInput<GreetingRequest>()!;
        string upper = await context.CallActivityAsync<string>("SampleUpper", request.Name);
        // camelCase keys, as an HTTP body forwarded by a starter arrives: binding must not depend on case.
        var camelCase = new Dictionary<string, string> { ["name"] = upper, ["punctuation"] = request.Punctuation };
#pragma warning disable DURABLE2001 // deliberately not the declared GreetingRequest type, see above
        string greeting = await context.CallActivityAsync<string>("SampleGreet", camelCase);
#pragma warning restore DURABLE2001
        return new GreetingResult(greeting, context.InstanceId);
    }

    [Function("SampleGreetingByParameter")]
    public static Task<string> GreetingByParameter([OrchestrationTrigger] TaskOrchestrationContext context, GreetingRequest request) =>
        context.CallActivityAsync<string>("SampleUpper", request.Name + request.Punctuation);

    [Function("SampleCancellable")]
    public static async Task<string> Cancellable([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        Task<string> work = context.CallActivityAsync<string>("SampleBlockUntilReleased", "cancellable");
        Task<string> cancel = context.WaitForExternalEvent<string>("Cancel");
        Task winner = await Task.WhenAny(work, cancel);
        context.SetCustomStatus(winner == cancel ? "cancel received" : "work finished");
        // Like the Functions host, the orchestration is only marked completed once the activity it
        // raced has finished too: the activity must stop itself when the scan is cancelled.
        return winner == cancel ? $"cancelled by {await cancel}" : $"finished {await work}";
    }

    [Function("SampleResumable")]
    public static async Task<string> Resumable([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        string first = await context.CallActivityAsync<string>("SampleUpper", "first");
        string second = await context.CallActivityAsync<string>("SampleBlockUntilReleased", "second");
        return $"{first}+{second}";
    }

    [Function("SampleCallsFailing")]
    public static Task<string> CallsFailing([OrchestrationTrigger] TaskOrchestrationContext context) =>
        context.CallActivityAsync<string>("SampleFail", "boom");
}

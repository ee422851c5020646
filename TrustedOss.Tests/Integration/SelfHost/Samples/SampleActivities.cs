using Microsoft.Azure.Functions.Worker;

namespace TrustedOss.Tests.Integration.SelfHost.Samples;

/// <summary>Activities with a constructor-injected service, as the app writes them.</summary>
public sealed class SampleActivities(SampleProbe probe)
{
    [Function("SampleUpper")]
    public string Upper([ActivityTrigger] string text)
    {
        probe.Record("SampleUpper", text);
        return text.ToUpperInvariant();
    }

    [Function("SampleGreet")]
    public Task<string> Greet([ActivityTrigger] GreetingRequest request)
    {
        probe.Record("SampleGreet", request.Name);
        return Task.FromResult($"Hello, {request.Name}{request.Punctuation}");
    }

    [Function("SampleBlockUntilReleased")]
    public async Task<string> BlockUntilReleased([ActivityTrigger] string label, CancellationToken shutdown)
    {
        probe.Record("SampleBlockUntilReleased", label);
        probe.SignalBlocked();
        try
        {
            await probe.Released.WaitAsync(shutdown);
        }
        catch (OperationCanceledException)
        {
            probe.Record("SampleBlockUntilReleased", "cancelled by shutdown");
            throw;
        }

        return $"{label} released";
    }

    [Function("SampleFail")]
    public string Fail([ActivityTrigger] string message) => throw new InvalidOperationException(message);
}

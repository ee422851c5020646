using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TrustedOss.Functions.SelfHost;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Tests.Integration.SelfHost.Samples;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.Integration.SelfHost;

/// <summary>A generic host running only the self-host's durable half over the samples in this assembly.</summary>
internal static class DurableTestHost
{
    /// <summary>Alphanumeric, starts with a letter, 3–45 characters: unique per test so tests never share work.</summary>
    public static string NewHubName() => "t" + Guid.NewGuid().ToString("N")[..20];

    public static async Task<IHost> StartAsync(string connectionString, string hub, SampleProbe probe, ITestOutputHelper output)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output, Environment.GetEnvironmentVariable("SELFHOST_TEST_LOG") == "1" ? LogLevel.Debug : LogLevel.Warning));
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(probe);
        builder.Services.AddSelfHostedDurableTask(new DurableOptions(connectionString, hub), typeof(SampleOrchestrators).Assembly);
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Polls every 100 ms (the client's own wait polls Azure Storage every 2 s, FACTS.md).</summary>
    public static async Task<OrchestrationMetadata> WaitForCompletionAsync(this DurableTaskClient client, string instanceId, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
            if (metadata is { IsCompleted: true })
            {
                return metadata;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Orchestration {instanceId} not completed after {timeout.TotalSeconds} s; last status {metadata?.RuntimeStatus}.");
            }
        }
    }
}

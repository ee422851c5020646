using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrustedOss.Tests.Integration.SelfHost.Samples;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.Integration.SelfHost;

/// <summary>How fast the self-host is ready and how long a two-activity orchestration takes over Azurite.
/// Run with <c>--logger "console;verbosity=detailed"</c> to see the numbers.</summary>
public sealed class SelfHostedDurableTaskTimingTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Start_to_ready_and_two_activity_orchestration_latency_stay_interactive()
    {
        var probe = new SampleProbe();
        var input = new Dictionary<string, string> { ["name"] = "ada", ["punctuation"] = "!" };

        string hub = DurableTestHost.NewHubName();
        (IHost cold, TimeSpan coldStarted, TimeSpan coldReady) = await StartUntilReadyAsync(hub, probe, input);
        await cold.StopAsync();
        cold.Dispose();

        // Warm: code already loaded and the task hub already exists, as on a developer's restart.
        (IHost host, TimeSpan started, TimeSpan ready) = await StartUntilReadyAsync(hub, probe, input);
        using IHost _ = host;
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var observed = new List<double>();
        var serverSide = new List<double>();
        for (int i = 0; i < 10; i++)
        {
            var run = Stopwatch.StartNew();
            string id = await client.ScheduleNewOrchestrationInstanceAsync("SampleGreeting", input);
            OrchestrationMetadata done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
            observed.Add(run.Elapsed.TotalMilliseconds);
            serverSide.Add((done.LastUpdatedAt - done.CreatedAt).TotalMilliseconds);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }

        output.WriteLine($"cold (new hub, first use of the code): StartAsync {coldStarted.TotalMilliseconds:0} ms, start → first orchestration completed {coldReady.TotalMilliseconds:0} ms");
        output.WriteLine($"warm restart (existing hub): StartAsync {started.TotalMilliseconds:0} ms, start → first orchestration completed {ready.TotalMilliseconds:0} ms");
        output.WriteLine($"two-activity orchestration, median of 10: created→completed {Median(serverSide):0} ms (store timestamps), " +
            $"schedule→seen completed {Median(observed):0} ms (100 ms polling); all: {string.Join(", ", serverSide.Select(v => v.ToString("0")))}");
        Assert.True(ready < TimeSpan.FromSeconds(10), $"ready after {ready}");
        Assert.True(Median(serverSide) < 2000, $"median {Median(serverSide)} ms");
        await host.StopAsync();
    }

    async Task<(IHost Host, TimeSpan Started, TimeSpan Ready)> StartUntilReadyAsync(string hub, SampleProbe probe, object input)
    {
        var start = Stopwatch.StartNew();
        IHost host = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, probe, output);
        TimeSpan started = start.Elapsed;
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync("SampleGreeting", input);
        await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        return (host, started, start.Elapsed);
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}

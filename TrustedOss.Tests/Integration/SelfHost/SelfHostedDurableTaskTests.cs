using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrustedOss.Tests.Integration.SelfHost.Samples;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.Integration.SelfHost;

/// <summary>The app's [Function] orchestrators and activities, run by the self-host over a real Azurite.</summary>
public sealed class SelfHostedDurableTaskTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    readonly SampleProbe probe = new();

    [Fact]
    public async Task Orchestrator_calling_two_activities_completes_with_their_output_and_binds_camelCase_input()
    {
        using IHost host = await DurableTestHost.StartAsync(azurite.ConnectionString, DurableTestHost.NewHubName(), probe, output);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        // camelCase keys, as an HTTP body arrives; GetInput<GreetingRequest>() must still bind them.
        string id = await client.ScheduleNewOrchestrationInstanceAsync(
            "SampleGreeting", new Dictionary<string, string> { ["name"] = "ada", ["punctuation"] = "!" });
        OrchestrationMetadata done = await client.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new GreetingResult("Hello, ADA!", id), done.ReadOutputAs<GreetingResult>());
        Assert.Equal(["ada"], probe.Details("SampleUpper"));
        Assert.Equal(["ADA"], probe.Details("SampleGreet"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Orchestrator_input_parameter_is_bound_from_the_scheduled_input()
    {
        using IHost host = await DurableTestHost.StartAsync(azurite.ConnectionString, DurableTestHost.NewHubName(), probe, output);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        string id = await client.ScheduleNewOrchestrationInstanceAsync(
            "SampleGreetingByParameter", new Dictionary<string, string> { ["NAME"] = "grace", ["Punctuation"] = "?" });
        OrchestrationMetadata done = await client.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("GRACE?", done.ReadOutputAs<string>());
        await host.StopAsync();
    }

    [Fact]
    public async Task Raised_Cancel_event_is_received_while_the_raced_activity_runs_and_wins_the_race()
    {
        using IHost host = await DurableTestHost.StartAsync(azurite.ConnectionString, DurableTestHost.NewHubName(), probe, output);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        string id = await client.ScheduleNewOrchestrationInstanceAsync("SampleCancellable");
        await probe.Blocked.WaitAsync(Timeout);
        await client.RaiseEventAsync(id, "Cancel", "tester");
        await WaitForCustomStatusAsync(client, id, "cancel received");
        Assert.Equal(["cancellable"], probe.Details("SampleBlockUntilReleased"));

        // The activity notices the cancel and ends (in the app: its tool is killed); only then is the
        // orchestration marked completed, with the event as the winner.
        probe.Release();
        OrchestrationMetadata done = await client.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("cancelled by tester", done.ReadOutputAs<string>());
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_host_cancels_a_running_activity_through_its_CancellationToken()
    {
        IHost host = await DurableTestHost.StartAsync(azurite.ConnectionString, DurableTestHost.NewHubName(), probe, output);
        await host.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync("SampleCancellable");
        await probe.Blocked.WaitAsync(Timeout);

        var stopping = Stopwatch.StartNew();
        await host.StopAsync();
        host.Dispose();

        Assert.Equal(["cancellable", "cancelled by shutdown"], probe.Details("SampleBlockUntilReleased"));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stop took {stopping.Elapsed}");
        output.WriteLine($"stop with a running activity: {stopping.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Activity_exception_fails_the_orchestration_with_the_activity_message()
    {
        using IHost host = await DurableTestHost.StartAsync(azurite.ConnectionString, DurableTestHost.NewHubName(), probe, output);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        string id = await client.ScheduleNewOrchestrationInstanceAsync("SampleCallsFailing");
        OrchestrationMetadata done = await client.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        // The in-process gRPC server reports the failure as the output text (no FailureDetails).
        Assert.Equal("Task 'SampleFail' (#0) failed with an unhandled exception: boom", done.SerializedOutput);
        await host.StopAsync();
    }

    [Fact]
    public async Task Orchestration_stopped_mid_activity_resumes_on_a_new_host_over_the_same_hub()
    {
        string hub = DurableTestHost.NewHubName();
        string id;
        using (IHost first = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, probe, output))
        {
            id = await first.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync("SampleResumable");
            await probe.Blocked.WaitAsync(Timeout);
            var stopping = Stopwatch.StartNew();
            await first.StopAsync();
            output.WriteLine($"stop with a running activity: {stopping.ElapsedMilliseconds} ms");
        }

        probe.Release();
        var resumed = Stopwatch.StartNew();
        using IHost second = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, probe, output);
        OrchestrationMetadata done = await second.Services.GetRequiredService<DurableTaskClient>().WaitForCompletionAsync(id, Timeout);
        output.WriteLine($"restart → completed: {resumed.ElapsedMilliseconds} ms");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("FIRST+second released", done.ReadOutputAs<string>());
        // The first activity's result came from history; only the interrupted one ran again.
        Assert.Equal(1, probe.Count("SampleUpper"));
        Assert.Equal(["second", "cancelled by shutdown", "second"], probe.Details("SampleBlockUntilReleased"));
        // Handed back at shutdown, not left to its 2-minute lock expiry.
        Assert.True(resumed.Elapsed < TimeSpan.FromSeconds(15), $"resume took {resumed.Elapsed}");
        await second.StopAsync();
    }

    static async Task WaitForCustomStatusAsync(DurableTaskClient client, string id, string status)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while ((await client.GetInstanceAsync(id, getInputsAndOutputs: true, deadline.Token))?.ReadCustomStatusAs<string>() != status)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TrustedOss.Functions.SelfHost;
using TrustedOss.Tests.Integration.SelfHost.Samples;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.Integration.SelfHost;

/// <summary>The app's [TimerTrigger] functions, fired by the self-host on the real clock.</summary>
public sealed class SelfHostedTimersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Timers_fire_on_their_schedules_and_a_failing_timer_neither_stops_itself_nor_the_others()
    {
        var probe = new SampleProbe();
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SAMPLE_TIMER_SCHEDULE"] = "*/1 * * * * *" });
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output, LogLevel.Error));
        builder.Services.AddSingleton(probe);
        builder.Services.AddSelfHostedTimers(typeof(SampleTimers).Assembly);
        using IHost host = builder.Build();

        await host.StartAsync();
        await WaitUntilAsync(() => probe.Count("SampleEverySecond") >= 2 && probe.Count("SampleFromSetting") >= 2 && probe.Count("SampleFailingTimer") >= 2);
        await host.StopAsync();

        // The TimerInfo handed in tells when it ran and when it runs next.
        string[] status = probe.Details("SampleEverySecond")[0].Split('|');
        Assert.True(DateTime.Parse(status[1]) > DateTime.Parse(status[0]), string.Join(" ", status));
        int afterStop = probe.Count("SampleEverySecond");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(afterStop, probe.Count("SampleEverySecond"));
    }

    [Fact]
    public async Task A_schedule_setting_that_is_missing_fails_the_host_start()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(new SampleProbe());
        builder.Services.AddSelfHostedTimers(typeof(SampleTimers).Assembly);
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("SAMPLE_TIMER_SCHEDULE", error.Message);
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }
}

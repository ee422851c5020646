using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrustedOss.Functions.SelfHost;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress;

namespace TrustedOss.Tests.Unit.SelfHost;

/// <summary>Which way the self-host's hub runs (in-process, or behind Azure SignalR Service in Default mode); either way frames also reach the plain WebSocket feeds.</summary>
public sealed class ScansHubRegistrationTests
{
    private static ServiceProvider Build(string? selfHostConnectionString) =>
        new ServiceCollection().AddLogging().AddRouting().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddScansHub(new SignalRServiceOptions(null, selfHostConnectionString)).BuildServiceProvider();

    [Fact]
    public void Without_the_setting_the_hub_is_in_process()
    {
        using var services = Build(null);

        Assert.StartsWith("DefaultHubLifetimeManager", services.GetRequiredService<HubLifetimeManager<ScansHub>>().GetType().Name);
        Assert.Equal([typeof(HubScanFramePublisher), typeof(ScanProgressFeeds)], services.GetServices<IScanFramePublisher>().Select(p => p.GetType()));
        Assert.Same(services.GetRequiredService<ScanProgressFeeds>(), services.GetServices<IScanFramePublisher>().Last());
    }

    [Fact]
    public void With_the_setting_the_hub_runs_through_azure_signalr_service_and_frames_still_go_to_the_hub()
    {
        using var services = Build("Endpoint=https://demo.service.signalr.net;AccessKey=c2VjcmV0LWFjY2Vzcy1rZXktdGhhdC1pcy1sb25nLWVub3VnaA==;Version=1.0;");

        Assert.StartsWith("ServiceLifetimeManager", services.GetRequiredService<HubLifetimeManager<ScansHub>>().GetType().Name);
        Assert.Equal([typeof(HubScanFramePublisher), typeof(ScanProgressFeeds)], services.GetServices<IScanFramePublisher>().Select(p => p.GetType()));
        Assert.Same(services.GetRequiredService<ScanProgressFeeds>(), services.GetServices<IScanFramePublisher>().Last());
    }
}

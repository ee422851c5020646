using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// The self-host's hub: in-process by default; with SELFHOST_AZURE_SIGNALR_CONNECTION_STRING (a service in
/// Default mode) clients are redirected to Azure SignalR Service and the hub runs behind it, so every
/// instance sees every scan's frames. Frames are the same either way (snake_case JSON).
/// </summary>
public static class ScansHubRegistration
{
    public static IServiceCollection AddScansHub(this IServiceCollection services, SignalRServiceOptions options)
    {
        var signalR = services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        if (options.SelfHostConnectionString is { } connectionString) signalR.AddAzureSignalR(connectionString);
        services.AddSingleton<IScanFramePublisher, HubScanFramePublisher>();
        services.AddSingleton<ScanProgressFeeds>();
        services.AddSingleton<IScanFramePublisher>(sp => sp.GetRequiredService<ScanProgressFeeds>());
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Progress.SignalRService;

/// <summary>Serverless live progress: negotiate and subscribe always answer (503 when unset); frames go out only when the service is configured.</summary>
public static class SignalRServiceRegistration
{
    public static IServiceCollection AddSignalRService(this IServiceCollection services, SignalRServiceOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<SignalRNegotiation>();
        services.AddSingleton<ScanSubscription>();
        if (options.ConnectionString is { } connection)
        {
            services.AddSingleton(sp => new SignalRServicePublisher(
                new SignalRServiceClient(connection, sp.GetRequiredService<TimeProvider>()), sp.GetRequiredService<ILogger<SignalRServicePublisher>>()));
            services.AddSingleton<IScanFramePublisher>(sp => sp.GetRequiredService<SignalRServicePublisher>());
            services.AddHostedService(sp => sp.GetRequiredService<SignalRServicePublisher>());
        }
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Hosting;

namespace TrustedOss.Functions.Hosting;

/// <summary>What both hosts register: the pipeline plus the thin HTTP adapter.</summary>
public static class AppServices
{
    public static IServiceCollection AddTrustedOssApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTrustedOssPipeline(configuration);
        services.AddSingleton<ApiRequest>();
        services.AddSingleton(sp => WebPageFiles.ForApp(sp.GetRequiredService<SignalRServiceOptions>()));
        return services;
    }
}

using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace TrustedOss.Functions.Hosting;

/// <summary>Started by the Azure Functions host (production, or `func start`): the isolated worker.</summary>
public static class FunctionsHostApp
{
    public static void Run(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddTrustedOssApp(builder.Configuration);
        builder.Build().Run();
    }
}

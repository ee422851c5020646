using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustedOss.Functions.SelfHost;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Functions.Hosting;

/// <summary>Started directly (`dotnet TrustedOss.Functions.dll`): Kestrel serves the same functions.</summary>
public static class SelfHostApp
{
    public const string UrlsKey = "SELFHOST_URLS";

    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // local.settings.json (the file `func start` reads) fills only what the environment leaves unset.
        var local = new ConfigurationBuilder().AddLocalSettings(AppContext.BaseDirectory).AddLocalSettings(Directory.GetCurrentDirectory()).Build();
        builder.Configuration.AddInMemoryCollection(local.AsEnumerable().Where(kv => kv.Value is not null && builder.Configuration[kv.Key] is null));
        configure?.Invoke(builder.Configuration);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(builder.Configuration[UrlsKey] is { Length: > 0 } urls ? urls : "http://127.0.0.1:7071");

        builder.Services.AddTrustedOssApp(builder.Configuration);
        builder.Services.AddSelfHostedDurableTask(DurableOptions.From(builder.Configuration), typeof(SelfHostApp).Assembly);
        builder.Services.AddSelfHostedTimers(typeof(SelfHostApp).Assembly, MaintenanceOptions.ScheduleDefaults);
        builder.Services.AddMvcCore();
        builder.Services.AddScansHub(SignalRServiceOptions.From(builder.Configuration));

        var app = builder.Build();
        app.UseWebSockets();
        app.Use(ScansHub.RequireApiKeyAsync);
        app.MapHub<ScansHub>(ScansHub.Path);
        app.MapScanProgressSocket();
        app.MapHttpFunctions(typeof(SelfHostApp).Assembly, HostJson.RoutePrefix(AppContext.BaseDirectory));
        return app;
    }

    public static Task RunAsync(string[] args) => Build(args).RunAsync();
}

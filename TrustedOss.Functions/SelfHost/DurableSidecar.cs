using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Hosts the Durable Task backend of the self-host: the Azure Storage orchestration service behind the
/// in-process gRPC server that the Durable Task worker and client talk to. Registered before the worker,
/// so the host stops it after the worker; it also stops the worker itself first, because the order below
/// is what lets the next start take over at once (FACTS.md "Shutdown order matters").
/// </summary>
internal sealed class DurableSidecar(
    AzureStorageOrchestrationService storage,
    LockKeepingOrchestrationService service,
    SidecarEndpoint endpoint,
    ActivityShutdownSignal activityShutdown,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    IHost? grpcHost;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Creates the task hub (queues, tables, containers) if needed and takes partitions. Awaited here so a
        // missing storage account fails the start, instead of the sidecar's unawaited start crashing later.
        await service.StartAsync().WaitAsync(cancellationToken);
        grpcHost = BuildGrpcHost();
        await grpcHost.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // 1. The worker: no new work is taken, and nothing more is reported back over the channel.
        foreach (DurableTaskWorker worker in services.GetServices<IHostedService>().OfType<DurableTaskWorker>())
        {
            await worker.StopAsync(cancellationToken);
        }

        // 2. Activities still running may now give up; their results could no longer be reported anyway.
        await activityShutdown.FireAsync();

        // 3. Held work goes back to the hub and the partitions are released, so a restart takes over at once.
        await service.StopAsync(isForced: true).WaitAsync(cancellationToken);

        // 4. Only then the gRPC server.
        if (grpcHost is not null)
        {
            await grpcHost.StopAsync(cancellationToken);
        }
    }

    public void Dispose() => grpcHost?.Dispose();

    // A bare HostBuilder: no environment or appsettings sources, so settings such as ASPNETCORE_URLS that
    // configure the app's own Kestrel cannot move or duplicate this internal server.
    IHost BuildGrpcHost() => new HostBuilder()
        .ConfigureWebHost(web => web
            .UseKestrel(kestrel => kestrel.ListenUnixSocket(endpoint.SocketPath, listen => listen.Protocols = HttpProtocols.Http2))
            .ConfigureServices(s =>
            {
                s.AddSingleton<ILoggerFactory>(new WarningsOnlyLoggerFactory(loggerFactory));
                s.AddGrpc(o =>
                {
                    o.MaxReceiveMessageSize = null;
                    o.MaxSendMessageSize = null;
                });
                s.AddRouting();
                s.AddSingleton<IOrchestrationService>(service);
                s.AddSingleton<IOrchestrationServiceClient>(storage);
                s.AddSingleton<TaskHubGrpcServer>();
            })
            .Configure(app => app.UseRouting().UseEndpoints(e => e.MapGrpcService<TaskHubGrpcServer>())))
        .Build();
}

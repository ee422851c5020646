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
    static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    readonly CancellationTokenSource stopping = new();
    readonly ILogger logger = loggerFactory.CreateLogger<DurableSidecar>();
    IHost? grpcHost;
    Task? retryingStart;
    volatile bool storageStarted;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Creates the task hub (queues, tables, containers) if needed and takes partitions. When the storage
        // account is unreachable the app still starts — /health then names it — and the hub is started in the
        // background as soon as storage answers.
        try
        {
            await StartBackendAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Durable task hub storage is unreachable ({Message}); retrying in the background", Pipeline.Security.CredentialRedactor.Redact(e.Message));
            retryingStart = RetryStartAsync(stopping.Token);
        }
    }

    async Task StartBackendAsync(CancellationToken cancellationToken)
    {
        await service.StartAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        storageStarted = true;
        grpcHost = BuildGrpcHost();
        await grpcHost.StartAsync(cancellationToken);
    }

    async Task RetryStartAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, cancellationToken);
                await StartBackendAsync(cancellationToken);
                logger.LogInformation("Durable task hub started");
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogWarning("Durable task hub storage still unreachable: {Message}", Pipeline.Security.CredentialRedactor.Redact(e.Message));
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (retryingStart is not null) await retryingStart;

        // 1. The worker: no new work is taken, and nothing more is reported back over the channel.
        foreach (DurableTaskWorker worker in services.GetServices<IHostedService>().OfType<DurableTaskWorker>())
        {
            await worker.StopAsync(cancellationToken);
        }

        // 2. Activities still running may now give up; their results could no longer be reported anyway.
        await activityShutdown.FireAsync();

        // 3. Held work goes back to the hub and the partitions are released, so a restart takes over at once.
        if (storageStarted) await service.StopAsync(isForced: true).WaitAsync(cancellationToken);

        // 4. Only then the gRPC server.
        if (grpcHost is not null)
        {
            await grpcHost.StopAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        grpcHost?.Dispose();
        stopping.Dispose();
    }

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

using System.Reflection;
using System.Text.RegularExpressions;
using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Functions.SelfHost;

/// <summary>The durable half of the self-host (ARCHITECTURE §3): the same orchestrators and activities, run
/// by a Durable Task worker over the Durable Task Framework's Azure Storage provider.</summary>
public static partial class SelfHostedDurableTaskExtensions
{
    /// <summary>
    /// Runs every <c>[Function]</c> orchestrator and activity of <paramref name="functionsAssembly"/> on a
    /// Durable Task worker over the task hub in <paramref name="durable"/>, and registers
    /// <see cref="DurableTaskClient"/> for HTTP functions. Call it before other hosted services whose
    /// shutdown should precede the durable backend's. Throws at once for a function signature the
    /// self-host cannot bind (e.g. a FunctionContext parameter) or an invalid task hub name.
    /// </summary>
    public static IServiceCollection AddSelfHostedDurableTask(
        this IServiceCollection services,
        DurableOptions durable,
        Assembly functionsAssembly,
        SelfHostedDurableSettings? settings = null)
    {
        settings ??= SelfHostedDurableSettings.Default;
        ValidateTaskHubName(durable.TaskHubName);
        DurableFunctionCatalog catalog = DurableFunctionCatalog.Discover(functionsAssembly);

        // host.json's logging levels for the storage provider, as defaults: inserted first, so a rule for the
        // same category from configuration (added later in the list) still wins.
        services.Configure<LoggerFilterOptions>(o =>
        {
            o.Rules.Insert(0, new LoggerFilterRule(null, "DurableTask.AzureStorage", LogLevel.Warning, null));
            o.Rules.Insert(0, new LoggerFilterRule(null, "DurableTask.Core", LogLevel.Warning, null));
        });
        services.AddSingleton<SidecarEndpoint>();
        services.AddSingleton<ActivityShutdownSignal>();
        services.AddSingleton(sp => new AzureStorageOrchestrationService(
            StorageSettings(durable, settings, sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton(sp => new LockKeepingOrchestrationService(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            renewEvery: durable.ActivityLockTimeout / 3,
            sp.GetRequiredService<ILogger<LockKeepingOrchestrationService>>()));
        // Before the worker: the host stops hosted services in reverse order.
        services.AddHostedService<DurableSidecar>();

        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc();
            builder.Configure(o =>
            {
                o.DataConverter = SelfHostJson.Converter;
                // Log each worker event once, under its specific category (not also under "Microsoft.DurableTask").
                o.Logging.UseLegacyCategories = false;
            });
            services.AddOptions<GrpcDurableTaskWorkerOptions>(builder.Name).Configure<SidecarEndpoint>((o, endpoint) =>
            {
                o.Channel = endpoint.Channel;
                o.Concurrency.MaximumConcurrentActivityWorkItems = settings.MaxConcurrentActivities;
                o.Concurrency.MaximumConcurrentOrchestrationWorkItems = settings.MaxConcurrentOrchestrations;
                // The in-process server sends no health pings: with the default (120 s) an idle worker drops and
                // re-opens its stream every window, with a warning each time (seen with a 2 s window).
                o.SetSilentDisconnectTimeout(TimeSpan.Zero);
            });
            services.AddOptions<DurableTaskRegistry>(builder.Name).Configure<IServiceProvider>((registry, sp) => Register(registry, catalog, sp));
        });

        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc();
            builder.RegisterDirectly();
            builder.Configure(o => o.DataConverter = SelfHostJson.Converter);
            services.AddOptions<GrpcDurableTaskClientOptions>(builder.Name).Configure<SidecarEndpoint>((o, endpoint) => o.Channel = endpoint.Channel);
        });

        return services;
    }

    static void Register(DurableTaskRegistry registry, DurableFunctionCatalog catalog, IServiceProvider services)
    {
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var shutdown = services.GetRequiredService<ActivityShutdownSignal>();
        foreach (DurableFunction orchestrator in catalog.Orchestrators)
        {
            registry.AddOrchestrator(orchestrator.Name, () => new FunctionOrchestrator(orchestrator, services, loggerFactory));
        }

        foreach (DurableFunction activity in catalog.Activities)
        {
            // The worker passes the activity's own DI scope.
            registry.AddActivity(activity.Name, scoped => new FunctionActivity(activity, scoped, shutdown.Token));
        }
    }

    static AzureStorageOrchestrationServiceSettings StorageSettings(
        DurableOptions durable, SelfHostedDurableSettings settings, ILoggerFactory loggerFactory) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(durable.StorageConnectionString),
        TaskHubName = durable.TaskHubName,
        PartitionCount = settings.PartitionCount,
        MaxQueuePollingInterval = settings.MaxQueuePollingInterval,
        MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivities,
        MaxConcurrentTaskOrchestrationWorkItems = settings.MaxConcurrentOrchestrations,
        // A crashed instance's running activity is retried once this runs out; live ones renew it (LockKeepingOrchestrationService).
        WorkItemQueueVisibilityTimeout = durable.ActivityLockTimeout,
        LeaseInterval = durable.PartitionLeaseInterval,
        LeaseRenewInterval = LeaseRenewInterval(durable, settings),
        LeaseAcquireInterval = LeaseRenewInterval(durable, settings),
        // The app lease lets one *app* at a time use a hub (for slot swaps). All self-host instances are one
        // app, and a crashed owner's app lease would hold up the next start.
        UseAppLease = false,
        // Unique per process: two instances on one machine must not pass for the same partition owner.
        WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}",
        LoggerFactory = loggerFactory,
    };

    // A lease must be renewed well before it runs out, also when the setting makes it short.
    static TimeSpan LeaseRenewInterval(DurableOptions durable, SelfHostedDurableSettings settings) =>
        TimeSpan.FromTicks(Math.Min(settings.PartitionLeaseRenewInterval.Ticks, durable.PartitionLeaseInterval.Ticks / 3));

    static void ValidateTaskHubName(string name)
    {
        if (!TaskHubNamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"Task hub name '{name}' is invalid: it must be 3–45 letters or digits and start with a letter ({DurableOptions.TaskHubKey}).");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubNamePattern();
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Health;
using TrustedOss.Pipeline.Images;
using TrustedOss.Pipeline.Licenses;
using TrustedOss.Pipeline.Maintenance;
using TrustedOss.Pipeline.Sbom;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Progress;
using TrustedOss.Pipeline.Progress.SignalRService;
using TrustedOss.Pipeline.Projects;
using TrustedOss.Pipeline.Seeding;
using TrustedOss.Pipeline.Teams;

namespace TrustedOss.Pipeline.Hosting;

/// <summary>Everything both hosts register: settings objects, the database, and the core services.</summary>
public static class PipelineServices
{
    public static IServiceCollection AddTrustedOssPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(DatabaseOptions.From(configuration));
        services.AddSingleton(DurableOptions.From(configuration));
        services.AddSingleton(ToolOptions.From(configuration));
        services.AddSingleton(WorkspaceOptions.From(configuration));
        services.AddSingleton(RegistryOptions.From(configuration));
        services.AddSingleton(GitOptions.From(configuration));
        services.AddSingleton(LicenseScanOptions.From(configuration));
        services.AddSingleton(ScanLogOptions.From(configuration));
        services.AddSingleton(AuthOptions.From(configuration));
        services.AddSingleton(MaintenanceOptions.From(configuration));

        services.AddSingleton(sp => Database.CreateDataSource(sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton<MigrationRunner>();
        services.AddHostedService<MigrationHostedService>();

        services.AddSingleton<ApiKeyHasher>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ProjectService>();
        services.AddSingleton<TeamAdminService>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<HealthService>();

        services.AddSingleton<UploadStore>();
        services.AddSingleton<ScanQueries>();
        services.AddSingleton<ScanLogQueries>();
        services.AddSingleton<ProjectFindingsQueries>();
        services.AddSingleton<ScanTrigger>();
        services.AddSingleton<ScanCancellation>();
        services.AddSingleton<ScanStateStore>();
        services.AddSingleton<ScanFrameSender>();
        services.AddSingleton<ScanSnapshot>();
        services.AddSignalRService(SignalRServiceOptions.From(configuration));
        services.AddSingleton<StageExecutor>();
        services.AddSingleton<ScanBookkeeping>();
        services.AddSingleton<ScanArtifacts>();
        services.AddSingleton<ScanResultsRepository>();
        services.AddSingleton<SingleFlight>();
        services.AddSingleton<VulnerabilityRematch>();
        services.AddSingleton<TrivyDbRefresh>();
        services.AddSingleton<StuckScanBackstop>();
        services.AddSingleton<OrphanWorkspaceCleaner>();

        // Tools and the stages that run them (one IScanStage per wire slug).
        services.AddSingleton<IProcessRunner, ProcessRunner>();
        services.AddSingleton<ScanWorkspaces>();
        services.AddSingleton<ArchiveExtractor>();
        services.AddSingleton<GitClient>();
        services.AddSingleton<CdxgenTool>();
        services.AddSingleton<TrivyTool>();
        services.AddSingleton<ScancodeTool>();
        services.AddSingleton<SourceFetcher>();
        services.AddSingleton<SourceCheckout>();
        services.AddSingleton<SkopeoTool>();
        services.AddSingleton<OciLayoutExtractor>();
        services.AddSingleton<ImageCheckout>();
        services.AddSingleton<ImageInventory>();
        services.AddSingleton<SbomGenerator>();
        services.AddSingleton(_ => new NuspecLicenseReader(NuspecLicenseReader.DefaultPackagesDir()));
        services.AddSingleton<BuiltInLicenseDetector>();
        services.AddSingleton<TierCatalogSource>();
        services.AddSingleton<IScanStage, BootstrapStage>();
        services.AddSingleton<IScanStage, FetchStage>();
        services.AddSingleton<IScanStage, PrepStage>();
        services.AddSingleton<IScanStage, CdxgenStage>();
        services.AddSingleton<IScanStage, ScancodeStage>();
        services.AddSingleton<IScanStage, DtUploadStage>();
        services.AddSingleton<IScanStage, DtFindingsStage>();
        services.AddSingleton<IScanStage, FinalizeStage>();
        return services;
    }
}

using Microsoft.Extensions.Hosting;

namespace TrustedOss.Pipeline.Persistence;

/// <summary>Applies migrations when either host starts, before it takes work.</summary>
public sealed class MigrationHostedService(MigrationRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.ApplyAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

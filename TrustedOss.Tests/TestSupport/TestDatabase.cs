using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Persistence;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// A fresh, empty PostgreSQL database per test class on the server `./dev test` started
/// (TEST_POSTGRES_CONNECTION_STRING), dropped afterwards. Without that server the test fails loudly.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public const string ServerVariable = "TEST_POSTGRES_CONNECTION_STRING";
    private readonly string name = "t_" + Guid.NewGuid().ToString("N");

    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException($"{ServerVariable} is not set: run the tests with ./dev test, which starts a throwaway PostgreSQL.");

    public async Task InitializeAsync()
    {
        await using (var server = new NpgsqlConnection(ServerConnectionString))
        {
            await server.OpenAsync();
            await server.ExecuteAsync($"CREATE DATABASE {name}");
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true }.ConnectionString;
        DataSource = Database.CreateDataSource(new DatabaseOptions(ConnectionString));
    }

    /// <summary>Applies the real migrations, as the hosts do at start-up.</summary>
    public Task MigrateAsync() => new MigrationRunner(DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(ServerConnectionString);
        await server.OpenAsync();
        await server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }
}

using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Orchestration;

/// <summary>One migrated test database and scratch folder shared by a class's tests; each test makes its own project and scan.</summary>
public sealed class MigratedDatabaseFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();
    public string Scratch { get; } = Directory.CreateTempSubdirectory("trustedoss-engine-").FullName;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(Scratch, recursive: true);
    }
}

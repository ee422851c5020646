namespace TrustedOss.Tests.TestSupport;

/// <summary>One Azurite per test class (<c>IClassFixture&lt;AzuriteFixture&gt;</c>); tests isolate by task hub name.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    AzuriteProcess? azurite;

    public string ConnectionString => (azurite ?? throw new InvalidOperationException("Azurite not started")).ConnectionString;

    public async Task InitializeAsync() => azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}

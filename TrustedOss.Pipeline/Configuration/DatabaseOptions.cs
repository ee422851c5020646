using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>PostgreSQL, the source of truth for teams, projects, scans and findings.</summary>
public sealed record DatabaseOptions(string ConnectionString)
{
    public const string ConnectionStringKey = "POSTGRES_CONNECTION_STRING";
    public const string Default = "Host=127.0.0.1;Port=5432;Database=trustedoss;Username=postgres";

    public static DatabaseOptions From(IConfiguration c) => new(SettingsReader.String(c, ConnectionStringKey, Default));
}

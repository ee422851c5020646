using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Persistence;

/// <summary>Builds the one NpgsqlDataSource the app uses and sets Dapper's column-name mapping once.</summary>
public static class Database
{
    static Database() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public static NpgsqlDataSource CreateDataSource(DatabaseOptions options)
    {
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "trustedoss";
        return builder.Build();
    }
}

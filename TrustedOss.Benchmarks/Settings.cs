using Microsoft.Extensions.Configuration;

namespace TrustedOss.Benchmarks;

/// <summary>Settings objects are built from configuration exactly as the app builds them (the *Options.From methods).</summary>
public static class Settings
{
    public static IConfiguration From(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}

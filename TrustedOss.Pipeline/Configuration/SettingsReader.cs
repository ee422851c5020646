using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>
/// Reads the flat settings the app documents in local.settings.sample.json. Every setting has a
/// default here, so a value missing from the environment never turns into a null at run time.
/// </summary>
internal static class SettingsReader
{
    public static string String(IConfiguration c, string key, string fallback) =>
        c[key] is { Length: > 0 } v ? v : fallback;

    public static int Int(IConfiguration c, string key, int fallback) =>
        c[key] is { Length: > 0 } v ? (int.TryParse(v, out var i) && i > 0 ? i : throw new SettingException(key, v, "a positive integer")) : fallback;

    public static long Long(IConfiguration c, string key, long fallback) =>
        c[key] is { Length: > 0 } v ? (long.TryParse(v, out var i) && i > 0 ? i : throw new SettingException(key, v, "a positive integer")) : fallback;

    public static bool Bool(IConfiguration c, string key, bool fallback) =>
        c[key] is { Length: > 0 } v ? (bool.TryParse(v, out var b) ? b : throw new SettingException(key, v, "true or false")) : fallback;

    public static IReadOnlyList<string> List(IConfiguration c, string key, string fallback) =>
        String(c, key, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class SettingException(string key, string value, string expected)
    : Exception($"Setting {key} must be {expected}; got '{value}'.");

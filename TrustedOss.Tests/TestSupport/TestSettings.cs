using Microsoft.Extensions.Configuration;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Tests.TestSupport;

/// <summary>Settings objects as the app builds them, pointed at the repo's tools and a test folder.</summary>
public static class TestSettings
{
    public static ToolOptions Tools(params (string Key, string Value)[] overrides) =>
        ToolOptions.From(Configuration([("TOOLS_DIR", RepoPaths.ToolsDir), .. overrides]));

    /// <summary>Tests clone local repositories, so file:// is allowed here (never by default).</summary>
    public static GitOptions Git(string schemes = "https,ssh,file") => GitOptions.From(Configuration([("GIT_ALLOWED_SCHEMES", schemes)]));

    public static WorkspaceOptions Workspaces(string root, long maxBytes = 10 * 1024 * 1024, int maxEntries = 1000) =>
        WorkspaceOptions.From(Configuration([
            ("WORKSPACE_ROOT", root),
            ("ARCHIVE_MAX_UNCOMPRESSED_BYTES", maxBytes.ToString()),
            ("ARCHIVE_MAX_ENTRIES", maxEntries.ToString())]));

    private static IConfiguration Configuration(IEnumerable<(string Key, string Value)> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}

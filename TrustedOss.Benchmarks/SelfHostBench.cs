using System.Collections.Concurrent;

namespace TrustedOss.Benchmarks;

/// <summary>What the sections that drive the self-host process share: its settings, and the tail of its output.</summary>
public sealed class SelfHostBench
{
    private readonly ConcurrentQueue<string> output = new();

    /// <summary>A fresh task hub on the bench's Azurite and database, the given trivy cache, and file:// git URLs (the demo seed).</summary>
    public static Dictionary<string, string> Settings(BenchOptions options, BenchDatabase db, string trivyCache, string workDir) => new()
    {
        ["POSTGRES_CONNECTION_STRING"] = db.ConnectionString,
        ["AzureWebJobsStorage"] = options.RequireAzurite(),
        ["TASK_HUB_NAME"] = "bench" + Guid.NewGuid().ToString("N")[..16],
        ["TOOLS_DIR"] = options.ToolsDir,
        ["TRIVY_CACHE_DIR"] = trivyCache,
        ["WORKSPACE_ROOT"] = Path.Combine(workDir, "workspaces"),
        ["GIT_ALLOWED_SCHEMES"] = "https,ssh,file",
    };

    /// <summary>Keeps the app's last 200 output lines, only to explain a failure.</summary>
    public void Keep(string line)
    {
        output.Enqueue(line);
        while (output.Count > 200) output.TryDequeue(out _);
    }

    public InvalidOperationException Failure(Exception e) =>
        new($"{e.Message}\nlast lines of the self-host output:\n{string.Join('\n', output)}", e);
}

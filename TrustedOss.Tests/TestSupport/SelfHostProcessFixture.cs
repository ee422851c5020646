using System.Collections.Concurrent;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Shared;
using Xunit.Abstractions;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// The self-host as a separate process (<see cref="SelfHostProcess"/>) over a fresh test database, the throwaway
/// Azurite of `./dev test` on a task hub of its own, and private workspace and trivy-cache folders. `seed-demo`
/// gives it a super admin key; everything else goes through HTTP (<see cref="Api"/>). Subclasses add settings.
/// Tests hand the app's output to theirs with <see cref="WriteOutputTo"/>, and read one instance's own lines with
/// <see cref="OutputOf"/>.
/// </summary>
public class SelfHostProcessFixture : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> output = new();
    private readonly List<SelfHostProcess> others = [];
    private readonly ConcurrentDictionary<SelfHostProcess, ConcurrentQueue<string>> outputs = new();

    public TestDatabase Database { get; } = new();

    /// <summary>A private folder for the workspaces, the trivy cache and test repositories.</summary>
    public string Scratch { get; } = Directory.CreateTempSubdirectory("trustedoss-selfhost-process-").FullName;

    public string WorkspaceRoot => Path.Combine(Scratch, "workspaces");

    public string TrivyCacheDir => Path.Combine(Scratch, "trivy-cache");

    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    public SelfHostProcess Process { get; private set; } = null!;

    public SelfHostApi Api { get; private set; } = null!;

    private string adminKey = "";

    /// <summary>Settings on top of the defaults below (a subclass's schedules, limits or durable timings).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var settings = new Dictionary<string, string>
        {
            ["POSTGRES_CONNECTION_STRING"] = Database.ConnectionString,
            ["AzureWebJobsStorage"] = SelfHostServer.AzuriteConnectionString,
            ["TASK_HUB_NAME"] = "p" + Guid.NewGuid().ToString("N")[..20],
            ["TOOLS_DIR"] = RepoPaths.ToolsDir,
            ["TRIVY_CACHE_DIR"] = TrivyCacheDir,
            ["WORKSPACE_ROOT"] = WorkspaceRoot,
            ["GIT_ALLOWED_SCHEMES"] = "https,ssh,file",
        };
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        Settings = settings;

        var seeded = await SelfHostProcess.SeedDemoAsync(Settings, "file://" + Path.Combine(Scratch, "demo.git"), Path.Combine(Scratch, "demo.env"), Collect, default);
        adminKey = seeded["ADMIN_API_KEY"];
        await RestartAsync();
    }

    /// <summary>Starts the app (again, after <see cref="SelfHostProcess.KillAsync"/>) on the same hub, database and folders.</summary>
    public async Task RestartAsync()
    {
        if (Process is { HasExited: false }) throw new InvalidOperationException("the self-host is still running");
        if (Process is not null) await Process.DisposeAsync();
        Process = await StartAnotherAsync();
        others.Remove(Process);
        Api = new SelfHostApi(Process.BaseAddress, adminKey);
    }

    /// <summary>One more instance on the same task hub (it shares the work); stopped with the fixture.</summary>
    public async Task<SelfHostProcess> StartAnotherAsync()
    {
        var lines = new ConcurrentQueue<string>();
        var process = await SelfHostProcess.StartAsync(Settings, line => { Collect(line); lines.Enqueue(line); }, default);
        outputs[process] = lines;
        others.Add(process);
        return process;
    }

    /// <summary>Every line <paramref name="process"/> has written so far (kept for the fixture's lifetime).</summary>
    public IReadOnlyList<string> OutputOf(SelfHostProcess process) => outputs[process].ToArray();

    public void WriteOutputTo(ITestOutputHelper test)
    {
        while (output.TryDequeue(out var line)) test.WriteLine(line);
    }

    public async Task DisposeAsync()
    {
        foreach (var other in others) await other.DisposeAsync();
        if (Process is not null) await Process.DisposeAsync();
        await Database.DisposeAsync();
        DirectoryRemover.Remove(Scratch);
    }

    private void Collect(string line) => output.Enqueue(line);
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TrustedOss.Shared;

/// <summary>
/// The self-host as a separate OS process, exactly as `./dev up` runs it: <c>dotnet TrustedOss.Functions.dll</c>,
/// configured only through its environment. The dll comes from the caller's own build output: TrustedOss.Tests
/// and TrustedOss.Benchmarks reference TrustedOss.Functions, so building either copies the app (with its
/// runtimeconfig, deps and host.json) next to it. Shared by both (this file is linked into TrustedOss.Tests).
/// </summary>
public sealed class SelfHostProcess : IAsyncDisposable
{
    public const string UrlsKey = "SELFHOST_URLS";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process process;
    private readonly OutputTail tail;

    private SelfHostProcess(Process process, OutputTail tail, Uri baseAddress)
    {
        (this.process, this.tail, BaseAddress) = (process, tail, baseAddress);
    }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The app next to the calling program; fails with the fix when the build did not copy it.</summary>
    public static string AppDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "TrustedOss.Functions.dll");
            return File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))
                ? dll
                : throw new FileNotFoundException($"{dll} (and its runtimeconfig) is missing: build the calling project, which references TrustedOss.Functions.", dll);
        }
    }

    /// <summary>
    /// Starts the self-host with <paramref name="settings"/> added to this process's environment, on a free loopback
    /// port unless <see cref="UrlsKey"/> is given, and returns once <c>/health</c> answers 200. Every line the app
    /// writes goes to <paramref name="output"/>. If it exits or stays unhealthy, the exception carries its last lines.
    /// </summary>
    public static async Task<SelfHostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, Action<string> output, CancellationToken ct)
    {
        var urls = settings.TryGetValue(UrlsKey, out var given) ? given : $"http://127.0.0.1:{FreePort()}";
        var info = StartInfo(settings, [AppDll]);
        info.Environment[UrlsKey] = urls;
        var tail = new OutputTail();
        var process = Launch(info, tail, output);
        var host = new SelfHostProcess(process, tail, new Uri(urls.Split(';')[0]));
        try
        {
            await host.WaitUntilHealthyAsync(ct);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs the app's `seed-demo` command with the same settings (it applies the migrations and creates a super admin,
    /// teams `demo`/`other` and a `demo-app` project on <paramref name="gitUrl"/>) and returns the variables of the
    /// env file it writes, e.g. <c>ADMIN_API_KEY</c>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> SeedDemoAsync(
        IReadOnlyDictionary<string, string> settings, string gitUrl, string envFile, Action<string> output, CancellationToken ct)
    {
        var tail = new OutputTail();
        using var process = Launch(StartInfo(settings, [AppDll, "seed-demo", "--git-url", gitUrl, "--env-file", envFile]), tail, output);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"seed-demo exited with {process.ExitCode}:\n{tail}");
        return (await File.ReadAllLinesAsync(envFile, ct))
            .Select(line => line.StartsWith("export ", StringComparison.Ordinal) ? line["export ".Length..] : line)
            .Select(line => line.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1]);
    }

    /// <summary>SIGKILLs the app and every process it started (a crash: nothing is shut down), and waits for the exit.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // exited meanwhile
        }
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private async Task WaitUntilHealthyAsync(CancellationToken ct)
    {
        // The first /health also probes each tool's version (node start-ups): slow on a busy machine.
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = StartTimeout };
        var deadline = DateTime.UtcNow + StartTimeout;
        var last = "no answer";
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the self-host exited with {process.ExitCode} before /health answered:\n{tail}");
            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                last = e.Message;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the self-host was not healthy within {StartTimeout.TotalSeconds:0} s (last /health: {last}):\n{tail}");
            await Task.Delay(100, ct);
        }
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, IEnumerable<string> arguments)
    {
        // The working directory holds no local.settings.json: only the environment configures the app.
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in settings) info.Environment[key] = value;
        return info;
    }

    private static Process Launch(ProcessStartInfo info, OutputTail tail, Action<string> output)
    {
        var process = new Process { StartInfo = info };
        var clock = Stopwatch.StartNew();
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            // Seconds since the launch and the pid: several instances may write to one test's output.
            var line = $"[{clock.Elapsed.TotalSeconds,7:0.000} s, pid {process.Id}] {e.Data}";
            tail.Add(line);
            output(line);
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The last lines the app wrote, for a failure message.</summary>
    private sealed class OutputTail
    {
        private const int Capacity = 80;
        private readonly Queue<string> lines = new();

        public void Add(string line)
        {
            lock (lines)
            {
                lines.Enqueue(line);
                if (lines.Count > Capacity) lines.Dequeue();
            }
        }

        public override string ToString()
        {
            lock (lines) return string.Join('\n', lines);
        }
    }
}

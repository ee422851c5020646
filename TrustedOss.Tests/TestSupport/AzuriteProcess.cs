using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// A real Azurite (blob, queue, table) from the pinned tools, in memory, on ports the OS picks — read back
/// from Azurite's own "listening at" lines, so parallel test runs never race for a port.
/// <code>await using var azurite = await AzuriteProcess.StartAsync(); … azurite.ConnectionString …</code>
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    // Azurite's documented, public development account (not a secret).
    const string Account = "devstoreaccount1";
    const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly Process process;
    readonly DirectoryInfo location;

    AzuriteProcess(Process process, DirectoryInfo location, IReadOnlyDictionary<string, int> ports)
    {
        this.process = process;
        this.location = location;
        Ports = ports;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{ports["Blob"]}/{Account};" +
            $"QueueEndpoint=http://127.0.0.1:{ports["Queue"]}/{Account};" +
            $"TableEndpoint=http://127.0.0.1:{ports["Table"]}/{Account};";
    }

    /// <summary>An Azure Storage connection string for this Azurite.</summary>
    public string ConnectionString { get; }

    /// <summary>Service name (Blob, Queue, Table) → port.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    public int ProcessId => process.Id;

    public static async Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        string azurite = Path.Combine(RepoPaths.ToolsDir, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite not found at {azurite}: run `npm ci` in the tools folder (or set TOOLS_DIR).");
        }

        DirectoryInfo location = Directory.CreateTempSubdirectory("azurite-");
        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = location.FullName,
        };
        foreach (string arg in new[]
        {
            "--inMemoryPersistence",
            "--blobHost", "127.0.0.1", "--blobPort", "0",
            "--queueHost", "127.0.0.1", "--queuePort", "0",
            "--tableHost", "127.0.0.1", "--tablePort", "0",
            "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var ports = new ConcurrentDictionary<string, int>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"Azurite exited before listening:{Environment.NewLine}{string.Join(Environment.NewLine, output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch
        {
            await StopAsync(process, location);
            throw;
        }

        return new AzuriteProcess(process, location, new Dictionary<string, int>(ports));

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            if (ListeningLine().Match(line) is { Success: true } m)
            {
                ports[m.Groups["service"].Value] = int.Parse(m.Groups["port"].Value);
                if (ports.Count == 3)
                {
                    listening.TrySetResult();
                }
            }
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(process, location));

    static async Task StopAsync(Process process, DirectoryInfo location)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        process.Dispose();
        try
        {
            location.Delete(recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}

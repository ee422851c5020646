using System.Net;
using System.Net.Sockets;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// A loopback TCP server that accepts connections and never answers: a `git clone http://…` against it
/// stays in the fetch stage until it is cancelled, so a test has a scan that is reliably still running.
/// </summary>
public sealed class HangingHttpServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> held = [];
    private readonly CancellationTokenSource stop = new();

    public HangingHttpServer()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public string RepoUrl(string name) => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/{name}.git";

    private async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                lock (held) held.Add(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (held) held.ForEach(c => c.Dispose());
        stop.Dispose();
    }
}

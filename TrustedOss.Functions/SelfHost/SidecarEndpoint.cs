using System.Net.Sockets;
using Grpc.Net.Client;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Where the worker and client reach the in-process Durable Task gRPC server: a Unix domain socket in a
/// private temp directory (created 0700), not a TCP port. No port to pick or collide on, and no other
/// local user can start or terminate orchestrations through an unauthenticated API.
/// </summary>
internal sealed class SidecarEndpoint : IDisposable
{
    readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("trustedoss-dt-");

    public SidecarEndpoint()
    {
        SocketPath = Path.Combine(directory.FullName, "sidecar.sock");
        Channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectCallback = ConnectAsync },
            // Private channel between two halves of this process: histories and payloads are not capped.
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
    }

    public string SocketPath { get; }

    public GrpcChannel Channel { get; }

    async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Channel.Dispose();
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp directory is empty but for a dead socket file.
        }
    }
}

using Microsoft.Extensions.Configuration;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Progress.SignalRService;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>
/// Azure SignalR Service, optional. <see cref="ConnectionString"/> (`AzureSignalRConnectionString`, a service
/// in Serverless mode) enables negotiate/subscribe and the REST publisher on either host — the Functions
/// host's only live-progress path. <see cref="SelfHostConnectionString"/> (`SELFHOST_AZURE_SIGNALR_CONNECTION_STRING`,
/// a service in Default mode) runs the self-host's own hub through the service instead of in-process.
/// They are separate settings because one service instance has one mode.
/// </summary>
public sealed record SignalRServiceOptions(SignalRConnectionString? ConnectionString, string? SelfHostConnectionString)
{
    public const string ConnectionStringKey = "AzureSignalRConnectionString";
    public const string SelfHostConnectionStringKey = "SELFHOST_AZURE_SIGNALR_CONNECTION_STRING";

    public static SignalRServiceOptions From(IConfiguration c)
    {
        var serverless = SettingsReader.String(c, ConnectionStringKey, "");
        var selfHost = SettingsReader.String(c, SelfHostConnectionStringKey, "");
        return new(serverless.Length == 0 ? null : Parse(serverless), selfHost.Length == 0 ? null : selfHost);
    }

    private static SignalRConnectionString Parse(string value)
    {
        try
        {
            return SignalRConnectionString.Parse(value);
        }
        catch (FormatException e)
        {
            throw new SettingException(ConnectionStringKey, SignalRConnectionString.Redacted(value),
                $"an Azure SignalR Service connection string (Endpoint=https://<name>.service.signalr.net;AccessKey=<key>;Version=1.0;) — {e.Message}");
        }
    }

    /// <summary>The serverless connection, or 503 for the negotiate/subscribe routes of a host without one.</summary>
    public SignalRConnectionString Require() => ConnectionString ?? throw Problem.Unavailable(
        "Live progress is not configured",
        $"This host has no {ConnectionStringKey}, so it cannot hand out Azure SignalR Service connections. Poll GET /v1/scans/{{id}} and GET /v1/scans/{{id}}/logs?after_seq=… instead; the self-host also serves the hub /hubs/scans.").ToException();
}

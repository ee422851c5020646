namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// The Functions host always launches its worker with `--functions-uri` (and sets the host endpoint);
/// anything else is a direct start, which runs the self-host. FUNCTIONS_WORKER_RUNTIME and --port are
/// not signals: shells, images and IDE profiles set them too (FACTS.md).
/// </summary>
public static class FunctionsHostDetection
{
    public static bool LaunchedByFunctionsHost(string[] args) =>
        args.Any(a => a.StartsWith("--functions-uri", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Functions__Worker__HostEndpoint"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Functions:Worker:HostEndpoint"));
}

using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// Runs the pinned cdxgen (ToolOptions.CdxgenPath) on a source tree: recursive, never installing
/// dependencies (an install needs the network and hangs offline), CycloneDX 1.4 (what trivy reads),
/// failing on extractor errors. Exit codes alone are not trusted: the caller checks the file.
/// </summary>
public sealed class CdxgenTool(IProcessRunner runner, ToolOptions tools)
{
    public Task<ToolResult> GenerateAsync(string sourceDir, string sbomPath, bool verbose, IStageLog log, CancellationToken cancellationToken)
    {
        string[] arguments = ["-r", "--no-install-deps", "--fail-on-error", "--spec-version", "1.4", "-o", sbomPath, sourceDir];
        var environment = new Dictionary<string, string?>
        {
            ["CDXGEN_IN_CONTAINER"] = "true",  // silences the running-as-root banner
            ["CDXGEN_DEBUG_MODE"] = verbose ? "debug" : null,
            ["FETCH_LICENSE"] = null,          // offline it crashes .NET scans (FACTS.md)
        };
        var command = new ToolCommand(tools.CdxgenPath, arguments, Path.GetDirectoryName(sbomPath)!, tools.CdxgenTimeout, environment);
        return runner.RunAsync(command, log, cancellationToken);
    }
}

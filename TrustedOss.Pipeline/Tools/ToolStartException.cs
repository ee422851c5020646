using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>The tool could not be started at all: missing, not executable, or its working directory is gone.</summary>
public sealed class ToolStartException(string tool, string fileName, Exception innerException)
    : StageFailedException($"{tool} could not be started from '{fileName}': the file is missing or not executable, or the working directory does not exist.", innerException)
{
    public string Tool { get; } = tool;
}

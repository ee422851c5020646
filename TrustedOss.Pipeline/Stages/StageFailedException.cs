namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// A stage failed for a reason the user can act on (bad URL, missing branch, unsafe archive, no
/// components). The message is one line, already free of credentials, and is what the scan shows as
/// its error. Retrying does not help, so the orchestrator should not retry these.
/// </summary>
public class StageFailedException : Exception
{
    public StageFailedException(string message, Exception? innerException = null) : base(message, innerException) { }
}

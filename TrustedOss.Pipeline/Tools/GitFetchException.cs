using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>What went wrong when fetching a repository, so callers and tests need not match text.</summary>
public enum GitFailureKind
{
    InvalidUrl,
    InvalidBranch,
    RepositoryNotFound,
    AuthenticationFailed,
    BranchNotFound,
    HostNotResolved,
    ConnectionFailed,
    ConnectionTimedOut,
    HostKeyVerificationFailed,
    TlsCertificateProblem,
    TimedOut,
    Other,
}

/// <summary>
/// The source could not be fetched. <see cref="Reason"/> is one line a user can act on, already
/// redacted; the message is "git clone failed: " + reason.
/// </summary>
public sealed class GitFetchException(GitFailureKind kind, string reason, Exception? innerException = null)
    : StageFailedException("git clone failed: " + reason, innerException)
{
    public GitFailureKind Kind { get; } = kind;
    public string Reason { get; } = reason;
}

using TrustedOss.Pipeline.Tools;

namespace TrustedOss.Tests.Unit.Tools;

public sealed class GitErrorClassifierTests
{
    // Lines as git 2.39 writes them (LC_ALL=C), seen on this machine or quoted from git's sources.
    [Theory]
    [InlineData("fatal: Remote branch nope not found in upstream origin", GitFailureKind.BranchNotFound, "branch 'nope' was not found")]
    [InlineData("remote: Repository not found.\nfatal: repository 'https://github.com/org/x.git/' not found", GitFailureKind.RepositoryNotFound, "repository not found")]
    [InlineData("fatal: '/tmp/x' does not appear to be a git repository", GitFailureKind.RepositoryNotFound, "repository not found")]
    [InlineData("fatal: could not read Username for 'https://github.com': terminal prompts disabled", GitFailureKind.AuthenticationFailed, "authentication failed")]
    [InlineData("remote: Invalid username or password.\nfatal: Authentication failed for 'https://github.com/org/x.git/'", GitFailureKind.AuthenticationFailed, "authentication failed")]
    [InlineData("git@github.com: Permission denied (publickey).", GitFailureKind.AuthenticationFailed, "authentication failed")]
    [InlineData("fatal: unable to access 'https://nonexistent.invalid/x.git/': Could not resolve host: nonexistent.invalid", GitFailureKind.HostNotResolved, "could not resolve host 'nonexistent.invalid'")]
    [InlineData("fatal: unable to access 'https://127.0.0.1:1/x.git/': Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server", GitFailureKind.ConnectionFailed, "could not connect to 127.0.0.1 port 1")]
    [InlineData("ssh: connect to host example.com port 22: Connection timed out", GitFailureKind.ConnectionTimedOut, "timed out")]
    [InlineData("Host key verification failed.", GitFailureKind.HostKeyVerificationFailed, "known_hosts")]
    [InlineData("fatal: unable to access 'https://x/y.git/': SSL certificate problem: self-signed certificate", GitFailureKind.TlsCertificateProblem, "TLS certificate")]
    public void Maps_git_stderr_to_a_reason_a_user_can_act_on(string stderr, GitFailureKind kind, string reason)
    {
        var ex = GitErrorClassifier.Classify(128, stderr.Split('\n'));

        Assert.Equal(kind, ex.Kind);
        Assert.Contains(reason, ex.Reason);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void An_unknown_failure_quotes_the_last_fatal_line_redacted()
    {
        var ex = GitErrorClassifier.Classify(128, ["Cloning into 'src'...", "fatal: something odd at https://bob:tok3n@h/x.git"]);

        Assert.Equal(GitFailureKind.Other, ex.Kind);
        Assert.Equal("git exited with code 128: fatal: something odd at https://***@h/x.git", ex.Reason);
    }
}

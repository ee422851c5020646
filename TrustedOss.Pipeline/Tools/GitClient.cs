using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Projects;
using TrustedOss.Pipeline.Security;
using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Tools;

/// <summary>
/// Shallow-clones one branch of a project's repository, never prompting for anything, and reports
/// failures as a <see cref="GitFetchException"/> with a reason a user can act on.
/// </summary>
public sealed class GitClient(IProcessRunner runner, ToolOptions tools, GitOptions options)
{
    /// <summary>Clones <paramref name="branch"/> of <paramref name="url"/> into <paramref name="destinationDir"/> (absent or empty) and returns the checked-out commit sha.</summary>
    public async Task<string> CloneAsync(string url, string branch, string destinationDir, IStageLog log, CancellationToken cancellationToken)
    {
        // A stored URL is re-checked here: the projects API may have accepted it under other settings.
        var validation = GitUrlValidator.Validate(url, options.AllowedSchemes);
        if (!validation.IsValid) throw new GitFetchException(GitFailureKind.InvalidUrl, validation.Error!);
        if (BranchNameValidator.Validate(branch) is { } branchError) throw new GitFetchException(GitFailureKind.InvalidBranch, branchError);

        var arguments = new List<string>
        {
            // Repositories may carry symlinks to /etc/passwd and the like; checked out as plain files
            // they cannot make a later stage read outside the workspace.
            "-c", "core.symlinks=false",
            "-c", "credential.helper=",
            "-c", "protocol.ext.allow=never",
        };
        if (validation.Scheme == "file") arguments.AddRange(["-c", "protocol.file.allow=always"]);
        arguments.AddRange(["clone", "--depth", "1", "--branch", branch, "--single-branch", "--", url, destinationDir]);

        var clone = await RunAsync(arguments, Path.GetDirectoryName(destinationDir)!, log, cancellationToken);
        if (!clone.Succeeded) throw GitErrorClassifier.Classify(clone.ExitCode, clone.StderrTail);

        // The clone stores the URL (with any credentials) in .git/config; later tools such as cdxgen
        // read it into the SBOM. Keep only the masked form on disk.
        var masked = CredentialRedactor.MaskUrl(url);
        if (masked != url)
            await RunAsync(["-C", destinationDir, "config", "remote.origin.url", masked], destinationDir, log, cancellationToken);

        var head = await RunAsync(["-C", destinationDir, "rev-parse", "HEAD"], destinationDir, log, cancellationToken);
        var sha = head.StdoutTail?.LastOrDefault()?.Trim();
        if (!head.Succeeded || sha is null || sha.Length < 40)
            throw new GitFetchException(GitFailureKind.Other, "the clone finished but its commit could not be read (git rev-parse HEAD failed).");
        return sha;
    }

    private async Task<ToolResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, IStageLog log, CancellationToken cancellationToken)
    {
        var command = new ToolCommand(tools.GitPath, arguments, workingDirectory, tools.GitTimeout, NoPromptEnvironment);
        try
        {
            return await runner.RunAsync(command, log, cancellationToken);
        }
        catch (ToolTimeoutException ex)
        {
            throw new GitFetchException(GitFailureKind.TimedOut, $"git did not finish within {ex.Timeout.TotalSeconds:0} s; the repository may be too large or the host too slow.", ex);
        }
    }

    /// <summary>Never prompt (there is no one to answer), English messages for the classifier, no LFS downloads.</summary>
    private static readonly IReadOnlyDictionary<string, string?> NoPromptEnvironment = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_ASKPASS"] = "true",
        ["SSH_ASKPASS"] = "true",
        ["SSH_ASKPASS_REQUIRE"] = "never",
        ["GCM_INTERACTIVE"] = "never",
        // BatchMode stops ssh asking for a password on /dev/tty; an operator's own ssh command (keys) wins.
        ["GIT_SSH_COMMAND"] = Environment.GetEnvironmentVariable("GIT_SSH_COMMAND") ?? "ssh -o BatchMode=yes",
        ["GIT_LFS_SKIP_SMUDGE"] = "1",
        ["LC_ALL"] = "C",
        ["LANG"] = "C",
        ["LANGUAGE"] = null,
    };
}

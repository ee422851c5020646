using System.CommandLine;
using TrustedOss.CommandLine.Api;
using TrustedOss.CommandLine.Watching;

namespace TrustedOss.CommandLine.Commands;

/// <summary>
/// <c>trustedoss scan</c>: trigger a scan of a project (its git_url, a directory uploaded as .zip, or a container image
/// by reference or archive) and print its id on stdout, alone, so <c>SCAN_ID=$(trustedoss scan …)</c> works. With
/// <c>--wait</c> it follows the scan on stderr and exits 0 when it succeeded, 2 when it failed or was cancelled.
/// </summary>
public static class ScanCommand
{
    public static Command Create(CommonOptions common, TextWriter stdout, TextWriter stderr)
    {
        var project = new Option<string>("--project", "-p") { Description = "The project: its id, slug, or team/slug.", Required = true };
        var kind = new Option<string>("--kind") { Description = "source (default) or container.", DefaultValueFactory = _ => "source" };
        kind.AcceptOnlyFromAmong("source", "container");
        var dir = new Option<string?>("--dir") { Description = "Upload this directory as a .zip instead of cloning the project's git_url (source scans)." };
        var imageRef = new Option<string?>("--image-ref") { Description = "The image to scan, e.g. ghcr.io/org/app:1.2.3 (container scans)." };
        var imageArchive = new Option<string?>("--image-archive") { Description = "Upload a docker-save or OCI archive (.tar, .tar.gz) instead (container scans)." };
        var gitRef = new Option<string?>("--ref") { Description = "The branch or tag to clone instead of the project's default_branch (source scans); empty means the default branch." };
        var verbose = new Option<bool>("--verbose") { Description = "Ask the tools for debug output in the scan log (metadata.verbosity: verbose)." };
        var wait = new Option<bool>("--wait") { Description = "Follow the scan on stderr until it ends; exit 0 succeeded, 2 failed or cancelled." };
        var (transport, poll) = (Transports.Option(), Transports.PollOption());
        var command = new Command("scan", "Trigger a scan and print its id.") { project, kind, dir, imageRef, imageArchive, gitRef, verbose, wait, transport, poll };
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(stderr, async () =>
        {
            var scanKind = parse.GetValue(kind)!;
            var (dirValue, imageRefValue, archiveValue) = (parse.GetValue(dir), parse.GetValue(imageRef), parse.GetValue(imageArchive));
            // CI templates pass their branch variable as it is: an empty one (a detached or non-branch build) means the default branch.
            var refValue = string.IsNullOrWhiteSpace(parse.GetValue(gitRef)) ? null : parse.GetValue(gitRef);
            if (scanKind == "source" && (imageRefValue ?? archiveValue) is not null)
                throw new CliException("--image-ref and --image-archive are for --kind container.");
            if (scanKind == "container" && (dirValue ?? refValue) is not null)
                throw new CliException("--dir and --ref are for source scans (--kind source).");
            if (scanKind == "container" && imageRefValue is null && archiveValue is null)
                throw new CliException("A container scan needs --image-ref or --image-archive.");

            using var api = common.Connect(parse);
            var target = await api.FindProjectAsync(parse.GetValue(project)!, ct);
            var verbosity = parse.GetValue(verbose) ? "verbose" : "normal";
            var scan = await TriggerAsync(api, target, scanKind, dirValue, imageRefValue, archiveValue, refValue, verbosity, ct);
            await stdout.WriteLineAsync(scan.Id.ToString());
            await stdout.FlushAsync(ct);
            await stderr.WriteLineAsync($"scan {scan.Id} {scan.Status} for project {target.Slug}");
            if (!parse.GetValue(wait)) return ExitCodes.Pass;
            var printer = new ProgressPrinter(stderr, interactive: !Console.IsErrorRedirected);
            var ended = await new ScanWatcher(api, printer).WatchAsync(scan.Id, Transports.Of(parse, transport, poll), ct);
            return ended.Status == "succeeded" ? ExitCodes.Pass : ExitCodes.ScanFailed;
        }));
        return command;
    }

    private static async Task<Scan> TriggerAsync(TrustedOssApi api, Project project, string kind, string? dir, string? imageRef, string? archive,
        string? gitRef, string verbosity, CancellationToken ct)
    {
        var fields = new Dictionary<string, string> { ["kind"] = kind, ["verbosity"] = verbosity };
        if (gitRef is not null) fields["ref"] = gitRef;
        if (imageRef is not null) fields["image_ref"] = imageRef;
        if (dir is not null)
        {
            var zip = await DirectoryZipper.ZipAsync(dir, ct);
            try
            {
                return await api.UploadAsync(project.Id, zip, Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')) + ".zip", fields, ct);
            }
            finally
            {
                File.Delete(zip);
            }
        }
        if (archive is not null)
        {
            if (!File.Exists(archive)) throw new CliException($"--image-archive '{archive}' is not a file.");
            return await api.UploadAsync(project.Id, archive, Path.GetFileName(archive), fields, ct);
        }
        return await api.TriggerAsync(project.Id, new { kind, metadata = new { verbosity, @ref = gitRef, image_ref = imageRef } }, ct);
    }
}

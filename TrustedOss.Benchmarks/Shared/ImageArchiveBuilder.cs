using CliWrap;
using CliWrap.Buffered;

namespace TrustedOss.Shared;

public enum ImageArchiveKind { DockerSave, Oci }

/// <summary>
/// Builds a real container image archive offline, without a Docker engine: a root filesystem made of this machine's
/// own Debian files (its /etc/os-release, and the /var/lib/dpkg/status entries and copyright files of a few installed
/// packages) plus a planted `node_modules/minimist` 1.2.5 (CVE-2021-44906 in the test trivy DB); umoci lays it out
/// as an OCI image and skopeo writes it as a docker-save or OCI archive. The two tools come from Debian (./dev test
/// installs them). Shared by the tests and the benchmark.
/// </summary>
public sealed class ImageArchiveBuilder(string workDir)
{
    /// <summary>Essential packages, so every Debian machine has them installed.</summary>
    public static readonly string[] DebPackages = ["base-files", "bash", "libc6", "tar", "zlib1g"];

    /// <summary>The installed version of each of <see cref="DebPackages"/>, as dpkg records it on this machine.</summary>
    public static IReadOnlyDictionary<string, string> DebVersions { get; } = ReadDpkgStatus()
        .Where(s => DebPackages.Contains(s.Package))
        .ToDictionary(s => s.Package, s => s.Version);

    /// <summary>The image as an OCI layout directory (umoci's), tagged <c>app</c>; what a registry would serve.</summary>
    public async Task<string> BuildLayoutAsync()
    {
        var rootfs = Path.Combine(workDir, "rootfs");
        WriteRootFilesystem(rootfs);
        var layout = Path.Combine(workDir, "oci");
        await RunAsync("umoci", "init", "--layout", layout);
        await RunAsync("umoci", "new", "--image", layout + ":app");
        await RunAsync("umoci", "insert", "--image", layout + ":app", rootfs, "/");
        return layout;
    }

    public async Task<string> BuildAsync(ImageArchiveKind kind, string name = "test/app:1")
    {
        var layout = await BuildLayoutAsync();
        var archive = Path.Combine(workDir, kind == ImageArchiveKind.Oci ? "image-oci.tar" : "image-docker.tar");
        await RunAsync("skopeo", "copy", "--quiet", $"oci:{layout}:app",
            kind == ImageArchiveKind.Oci ? $"oci-archive:{archive}:{name}" : $"docker-archive:{archive}:{name}");
        return archive;
    }

    private static void WriteRootFilesystem(string rootfs)
    {
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        File.Copy("/etc/os-release", Path.Combine(rootfs, "etc", "os-release"), overwrite: true);
        File.Copy("/etc/debian_version", Path.Combine(rootfs, "etc", "debian_version"), overwrite: true);

        var status = ReadDpkgStatus().Where(s => DebPackages.Contains(s.Package)).ToArray();
        if (status.Length != DebPackages.Length)
            throw new InvalidOperationException($"this machine's dpkg status lacks some of {string.Join(", ", DebPackages)}");
        Directory.CreateDirectory(Path.Combine(rootfs, "var", "lib", "dpkg"));
        File.WriteAllText(Path.Combine(rootfs, "var", "lib", "dpkg", "status"), string.Join("\n\n", status.Select(s => s.Stanza)) + "\n");
        foreach (var package in DebPackages)
        {
            var copyright = $"/usr/share/doc/{package}/copyright";
            if (!File.Exists(copyright)) continue;
            Directory.CreateDirectory(Path.Combine(rootfs, "usr", "share", "doc", package));
            File.Copy(copyright, Path.Combine(rootfs, "usr", "share", "doc", package, "copyright"), overwrite: true);
        }

        var minimist = Path.Combine(rootfs, "app", "node_modules", "minimist");
        Directory.CreateDirectory(minimist);
        File.WriteAllText(Path.Combine(minimist, "package.json"), """{"name": "minimist", "version": "1.2.5", "license": "MIT"}""");
    }

    private static IEnumerable<(string Package, string Version, string Stanza)> ReadDpkgStatus() =>
        File.ReadAllText("/var/lib/dpkg/status").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(stanza => (Field(stanza, "Package"), Field(stanza, "Version"), stanza.Trim('\n')))
            .Where(s => s.Item1.Length > 0);

    private static string Field(string stanza, string name) =>
        stanza.Split('\n').FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..].Trim() ?? "";

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var result = await Cli.Wrap(tool).WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()} (./dev test installs skopeo and umoci)");
    }
}

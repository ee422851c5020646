using TrustedOss.Pipeline.Licenses;

namespace TrustedOss.Benchmarks;

/// <summary>
/// A large real tree for the license detectors: an even sample (every k-th file in path order) of the
/// tools' node_modules, copied with relative paths kept. Path segments the built-in detector would not
/// enter (node_modules, dist, bin, build, …) get a trailing underscore, so both detectors read exactly
/// the same files. Symbolic links and files over the detector's size limit are left out.
/// </summary>
public static class LicenseBenchTree
{
    /// <summary>Same as BuiltInLicenseDetector.MaxFileBytes: larger files are tool binaries, not source.</summary>
    private const long MaxFileBytes = 8L * 1024 * 1024;

    public static int Build(string sourceRoot, string destination, int targetFiles, CancellationToken ct)
    {
        if (!Directory.Exists(sourceRoot)) throw new DirectoryNotFoundException($"{sourceRoot} is missing: run ./dev bench (it installs the node tools).");
        var all = new List<string>();
        Collect(new DirectoryInfo(sourceRoot), sourceRoot, all, ct);
        all.Sort(StringComparer.Ordinal);
        var stride = Math.Max(1, all.Count / targetFiles);
        var picked = all.Where((_, i) => i % stride == 0).Take(targetFiles).ToList();
        foreach (var relative in picked)
        {
            ct.ThrowIfCancellationRequested();
            var target = Path.Combine(destination, SafeRelativePath(relative));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(sourceRoot, relative), target);
        }
        return picked.Count;
    }

    private static void Collect(DirectoryInfo dir, string root, List<string> files, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) continue; // node_modules/.bin is all symlinks
            if (entry is DirectoryInfo sub) Collect(sub, root, files, ct);
            else if (entry is FileInfo { Length: > 0 and <= MaxFileBytes } file) files.Add(Path.GetRelativePath(root, file.FullName));
        }
    }

    private static string SafeRelativePath(string relative)
    {
        var segments = relative.Split(Path.DirectorySeparatorChar);
        for (var i = 0; i < segments.Length - 1; i++)
            if (ExcludedDirectories.IsExcluded(segments[i])) segments[i] += "_";
        return Path.Combine(segments);
    }
}

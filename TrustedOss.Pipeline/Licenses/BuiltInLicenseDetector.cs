using System.Collections.Concurrent;
using System.Text;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// First-party license detection without scancode (ARCHITECTURE §6): walks the source tree (skipping
/// <see cref="ExcludedDirectories"/>, symlinks, binary and huge files) and reports
/// (a) `SPDX-License-Identifier:` tags, (b) license files matched against the SPDX license texts,
/// (c) license notices in the comments of the first 4 KB of other files matched the same way.
/// Best-effort like the stage it serves: more files than LicenseScanOptions.MaxFiles, or a run past
/// LicenseScanOptions.Timeout, gives a skipped result with the reason instead of an exception.
/// Cancellation of the caller's token (the scan was cancelled) still throws.
/// </summary>
public sealed class BuiltInLicenseDetector(string spdxLicenseListDir, LicenseScanOptions options, TimeProvider timeProvider)
{
    /// <summary>How much of an ordinary file is read: headers and tags live at the top.</summary>
    internal const int HeadBytes = 4096;

    /// <summary>License files are read whole, up to this size.</summary>
    internal const int MaxLicenseFileBytes = 512 * 1024;

    /// <summary>Files larger than this are data or generated, not first-party source worth reading.</summary>
    internal const long MaxFileBytes = 8L * 1024 * 1024;

    /// <summary>Dice similarity a license file needs with a license text (the same text, give or take names and layout).</summary>
    internal const double LicenseFileThreshold = 0.6;

    /// <summary>Share of a notice's word pairs that must appear in the license text.</summary>
    internal const double NoticeThreshold = 0.75;

    /// <summary>A notice needs this many matching word pairs: "All rights reserved." alone is not a license.</summary>
    internal const int MinNoticeBigrams = 20;

    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".tif", ".tiff", ".psd",
        ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".jar", ".war", ".ear", ".nupkg", ".whl",
        ".dll", ".exe", ".so", ".dylib", ".a", ".lib", ".o", ".obj", ".class", ".pyc", ".pdb", ".wasm",
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
        ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".wav", ".ogg", ".avi", ".mov", ".webm",
        ".db", ".sqlite", ".bin", ".dat", ".iso", ".img",
    };

    public BuiltInLicenseDetector(ToolOptions tools, LicenseScanOptions options, TimeProvider timeProvider)
        : this(tools.SpdxLicenseListDir, options, timeProvider)
    {
    }

    /// <param name="onFileScanned">Called with each read file's relative path (verbose logs); may be null.</param>
    public async Task<LicenseScanResult> ScanAsync(
        string root, CancellationToken cancellationToken, Func<string, CancellationToken, ValueTask>? onFileScanned = null)
    {
        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var counter = new Counter();
        try
        {
            return await ScanCoreAsync(Path.GetFullPath(root), counter, onFileScanned, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return LicenseScanResult.Skip(
                $"license detection timed out after {options.Timeout.TotalSeconds:0} s (SCANCODE_TIMEOUT_SECONDS)", counter.Value);
        }
    }

    private async Task<LicenseScanResult> ScanCoreAsync(
        string root, Counter scanned, Func<string, CancellationToken, ValueTask>? onFileScanned, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!Directory.Exists(root)) return LicenseScanResult.Skip($"the source tree {root} does not exist");

        var files = await Task.Run(() => SourceTreeWalker.Walk(root, options.MaxFiles, ct), ct);
        if (files is null)
            return LicenseScanResult.Skip($"the first-party tree has more than {options.MaxFiles} files (SCANCODE_MAX_FILES)");

        var warnings = new List<string>();
        var corpus = await LicenseCorpus.LoadAsync(spdxLicenseListDir, ct);
        if (corpus is null)
            warnings.Add($"SPDX license texts not found in {spdxLicenseListDir}: only SPDX-License-Identifier tags were detected");

        var findings = new ConcurrentBag<DetectedLicenseFinding>();
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForEachAsync(files, parallel, async (file, token) =>
        {
            var text = await ReadTextAsync(file, token);
            if (text is null) return;
            Interlocked.Increment(ref scanned.Value);
            if (onFileScanned is not null) await onFileScanned(file.RelativePath, token);
            foreach (var finding in Detect(file, text, corpus)) findings.Add(finding);
        });

        var sorted = findings
            .OrderBy(f => f.SourcePath, StringComparer.Ordinal)
            .ThenBy(f => f.SpdxExpression, StringComparer.Ordinal)
            .ThenBy(f => f.Method)
            .ToList();
        return new LicenseScanResult(false, null, sorted, scanned.Value, warnings);
    }

    /// <summary>Tags first; then a license file is matched whole, any other untagged file by its comment blocks.</summary>
    internal static IEnumerable<DetectedLicenseFinding> Detect(SourceFile file, string text, LicenseCorpus? corpus)
    {
        var tags = SpdxTagReader.Read(text);
        foreach (var tag in tags)
            yield return new DetectedLicenseFinding(tag, file.RelativePath, 100, DetectionMethod.Tag);
        if (corpus is null) yield break;

        if (file.IsLicenseFile)
        {
            var match = corpus.MatchLicenseText(text, LicenseFileThreshold)
                ?? corpus.MatchNotice(text, NoticeThreshold, MinNoticeBigrams);
            if (match is not null && !tags.Contains(match.SpdxId))
                yield return new DetectedLicenseFinding(match.SpdxId, file.RelativePath, Confidence(match.Score), DetectionMethod.LicenseFile);
            yield break;
        }
        if (tags.Count > 0) yield break; // a tag is the author's own statement: no need to guess from text

        var best = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var block in SourceComments.LicenseLikeBlocks(text))
            if (corpus.MatchNotice(block, NoticeThreshold, MinNoticeBigrams) is { } m)
                best[m.SpdxId] = Math.Max(best.GetValueOrDefault(m.SpdxId), m.Score);
        foreach (var (id, score) in best)
            yield return new DetectedLicenseFinding(id, file.RelativePath, Confidence(score), DetectionMethod.Header);
    }

    private static int Confidence(double score) => (int)Math.Clamp(Math.Round(score * 100, MidpointRounding.AwayFromZero), 0, 100);

    /// <summary>The part of the file worth reading, or null for binary, huge or unreadable files.</summary>
    private static async Task<string?> ReadTextAsync(SourceFile file, CancellationToken ct)
    {
        if (file.Length > MaxFileBytes) return null;
        if (!file.IsLicenseFile && BinaryExtensions.Contains(Path.GetExtension(file.FullPath))) return null; // COPYING.LIB is text
        var length = (int)Math.Min(file.Length, file.IsLicenseFile ? MaxLicenseFileBytes : HeadBytes);
        if (length == 0) return null;
        var buffer = new byte[length];
        int read;
        try
        {
            using var handle = File.OpenHandle(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            read = await RandomAccess.ReadAsync(handle, buffer, 0, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // vanished or unreadable: nothing to detect
        }
        var bytes = buffer.AsSpan(0, read);
        if (bytes.Contains((byte)0)) return null; // binary content behind a text-looking name
        return Encoding.UTF8.GetString(bytes);
    }

    private sealed class Counter
    {
        public int Value;
    }
}

using System.Collections.Concurrent;
using System.Text.Json;

namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// The SPDX license texts (npm `spdx-license-list`) and the standard license notices
/// (`license-notices.json`), indexed once per process (<see cref="BigramIndex"/>).
/// Deprecated ids are left out, and `X-only`/`X-or-later` (identical texts) are one entry: which of
/// the two a match means is read from the matched document's "or (at your option) any later version".
/// </summary>
internal sealed class LicenseCorpus
{
    /// <summary>Scores this close to the best count as a tie (templated names, years, layout).</summary>
    private const double NearTie = 0.03;

    /// <summary>How much of a standard notice a header must contain to be that notice.</summary>
    private const double NoticeCoverageThreshold = 0.8;

    private static readonly ConcurrentDictionary<string, Lazy<Task<LicenseCorpus>>> Cache = new(StringComparer.Ordinal);

    private readonly BigramIndex _index;
    private readonly Entry[] _licenses;
    private readonly (string Id, BigramIndex.Document Text)[] _notices;

    private LicenseCorpus(BigramIndex index, Entry[] licenses, (string, BigramIndex.Document)[] notices)
    {
        _index = index;
        _licenses = licenses;
        _notices = notices;
    }

    public int Count => _licenses.Length;

    /// <summary>
    /// The corpus from `spdx-full.json` or `licenses/*.json` under <paramref name="spdxLicenseListDir"/>;
    /// null when neither exists. Built once per directory and shared by every scan of the process.
    /// </summary>
    public static async Task<LicenseCorpus?> LoadAsync(string spdxLicenseListDir, CancellationToken cancellationToken)
    {
        var dir = Path.GetFullPath(spdxLicenseListDir);
        if (!File.Exists(Path.Combine(dir, "spdx-full.json")) && !Directory.Exists(Path.Combine(dir, "licenses"))) return null;
        var lazy = Cache.GetOrAdd(dir, d => new Lazy<Task<LicenseCorpus>>(() => Task.Run(() => BuildAsync(d))));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Cache.TryRemove(new KeyValuePair<string, Lazy<Task<LicenseCorpus>>>(dir, lazy)); // a later scan may retry
            throw;
        }
    }

    /// <summary>
    /// A whole license file: Sørensen–Dice over bigram sets. Among near-ties the license containing
    /// most of the file wins (a LICENSE without Apache's appendix is Apache-2.0, not a derivative).
    /// </summary>
    public LicenseMatch? MatchLicenseText(string text, double threshold)
    {
        var doc = _index.Read(text);
        if (doc.Count == 0) return null;
        var overlap = _index.Overlap(doc);
        var dice = new double[_licenses.Length];
        for (var i = 0; i < _licenses.Length; i++)
            dice[i] = 2.0 * overlap[i] / (doc.Count + _licenses[i].BigramCount);
        var top = dice.Max();
        if (top < threshold) return null;

        var best = -1;
        for (var i = 0; i < _licenses.Length; i++)
        {
            if (dice[i] < top - NearTie) continue;
            if (best < 0 || overlap[i] > overlap[best] || (overlap[i] == overlap[best] && dice[i] > dice[best])) best = i;
        }
        var orLater = doc.OrLaterPhrases > _licenses[best].OrLaterPhrases; // the text itself says "any later version" too
        return new LicenseMatch(_licenses[best].IdFor(orLater), dice[best]);
    }

    /// <summary>
    /// A notice (a source header, a LICENSE file holding only a notice). First the standard notices:
    /// the one the header contains most of, when it contains at least 80 % of it. Otherwise the share
    /// of the header's bigrams found in a full license text (a notice is an excerpt of its license);
    /// near-ties go to the license the header covers most of.
    /// </summary>
    public LicenseMatch? MatchNotice(string text, double threshold, int minMatchedBigrams)
    {
        var doc = _index.Read(text);
        if (doc.Count < minMatchedBigrams) return null;

        // Only texts of about a notice's size: a full license text in a comment contains its own
        // "how to apply" notice but is the license, not a notice.
        var notice = _notices
            .Where(n => doc.Count <= 4 * n.Text.Count)
            .Select(n => (n.Id, Coverage: (double)BigramIndex.Shared(doc, n.Text) / n.Text.Count))
            .DefaultIfEmpty()
            .MaxBy(n => n.Coverage);
        if (notice.Id is not null && notice.Coverage >= NoticeCoverageThreshold)
        {
            var id = doc.OrLaterPhrases > 0 && notice.Id.EndsWith("-only", StringComparison.Ordinal)
                ? notice.Id[..^"-only".Length] + "-or-later"
                : notice.Id;
            return new LicenseMatch(id, notice.Coverage);
        }

        var overlap = _index.Overlap(doc);
        var containment = new double[_licenses.Length];
        for (var i = 0; i < _licenses.Length; i++)
            if (overlap[i] >= minMatchedBigrams) containment[i] = (double)overlap[i] / doc.Count;
        var top = containment.Max();
        if (top < threshold) return null;

        var best = -1;
        var bestCoverage = 0.0;
        for (var i = 0; i < _licenses.Length; i++)
        {
            if (containment[i] < top - NearTie) continue;
            var coverage = (double)overlap[i] / _licenses[i].BigramCount;
            if (coverage > bestCoverage) (best, bestCoverage) = (i, coverage);
        }
        // A notice says "or later" only for itself; a full text in a comment also contains its own.
        var orLater = bestCoverage < 0.5 ? doc.OrLaterPhrases > 0 : doc.OrLaterPhrases > _licenses[best].OrLaterPhrases;
        return new LicenseMatch(_licenses[best].IdFor(orLater), containment[best]);
    }

    private static async Task<LicenseCorpus> BuildAsync(string dir)
    {
        var texts = await ReadTextsAsync(dir);
        var index = new BigramIndex();
        var entries = new List<Entry>();
        foreach (var (id, text) in texts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (SpdxIds.IsDeprecated(id)) continue;
            string? orLaterId = null;
            if (id.EndsWith("-or-later", StringComparison.Ordinal) && texts.ContainsKey(id[..^"-or-later".Length] + "-only")) continue;
            if (id.EndsWith("-only", StringComparison.Ordinal) && texts.ContainsKey(id[..^"-only".Length] + "-or-later"))
                orLaterId = id[..^"-only".Length] + "-or-later";
            var doc = index.Learn(text);
            if (doc.Count == 0) continue;
            index.Add(doc);
            entries.Add(new Entry(id, orLaterId, doc.Count, doc.OrLaterPhrases));
        }

        var notices = new List<(string, BigramIndex.Document)>();
        await using (var stream = EmbeddedData.Open("license-notices.json"))
        using (var json = await JsonDocument.ParseAsync(stream))
            foreach (var n in json.RootElement.GetProperty("notices").EnumerateArray())
                notices.Add((n.GetProperty("id").GetString()!, index.Learn(n.GetProperty("text").GetString()!)));

        index.Freeze();
        return new LicenseCorpus(index, [.. entries], [.. notices]);
    }

    private static async Task<Dictionary<string, string>> ReadTextsAsync(string dir)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var full = Path.Combine(dir, "spdx-full.json");
        if (File.Exists(full))
        {
            await using var stream = File.OpenRead(full);
            using var doc = await JsonDocument.ParseAsync(stream);
            foreach (var license in doc.RootElement.EnumerateObject())
                if (license.Value.TryGetProperty("licenseText", out var t) && t.GetString() is { Length: > 0 } text)
                    texts[license.Name] = text;
            return texts;
        }
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, "licenses"), "*.json"))
        {
            await using var stream = File.OpenRead(file);
            using var doc = await JsonDocument.ParseAsync(stream);
            if (doc.RootElement.TryGetProperty("licenseText", out var t) && t.GetString() is { Length: > 0 } text)
                texts[Path.GetFileNameWithoutExtension(file)] = text;
        }
        return texts;
    }

    private sealed record Entry(string Id, string? OrLaterId, int BigramCount, int OrLaterPhrases)
    {
        public string IdFor(bool orLater) => orLater && OrLaterId is not null ? OrLaterId : Id;
    }
}

/// <param name="Score">0–1 similarity of the matched text.</param>
internal sealed record LicenseMatch(string SpdxId, double Score);

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
    /// <summary>A license text pasted into a comment must be at least this much there.</summary>
    private const double MinFullTextCoverage = 0.5;

    /// <summary>How much of a standard notice a header must contain to be that notice.</summary>
    private const double NoticeCoverageThreshold = 0.8;

    private static readonly ConcurrentDictionary<string, Lazy<Task<LicenseCorpus>>> Cache = new(StringComparer.Ordinal);

    private readonly BigramIndex _index;
    private readonly Entry[] _licenses;
    private readonly (string Id, BigramIndex.Document Text)[] _notices;
    private readonly (string Id, string Phrase)[] _exceptions;

    private LicenseCorpus(BigramIndex index, Entry[] licenses, (string, BigramIndex.Document)[] notices, (string, string)[] exceptions)
    {
        _index = index;
        _licenses = licenses;
        _notices = notices;
        _exceptions = exceptions;
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
    /// A whole license file: the license text with the highest Sørensen–Dice similarity over bigram
    /// sets. Both texts are compared up to "END OF TERMS AND CONDITIONS": what follows (Apache's
    /// appendix, GNU's "How to apply") is optional, and a LICENSE without it is still that license.
    /// </summary>
    public LicenseMatch? MatchLicenseText(string text, double threshold)
    {
        var doc = _index.Read(LicenseBody(text));
        if (doc.Count == 0) return null;
        var overlap = _index.Overlap(doc);
        var best = -1;
        var bestDice = 0.0;
        for (var i = 0; i < _licenses.Length; i++)
        {
            var dice = Dice(overlap[i], doc.Count, _licenses[i].BigramCount);
            if (dice > bestDice) (best, bestDice) = (i, dice);
        }
        if (best < 0 || bestDice < threshold) return null;
        var orLater = doc.OrLaterPhrases > _licenses[best].OrLaterPhrases; // the body itself mentions "any later version"
        return new LicenseMatch(WithException(_licenses[best].IdFor(orLater), text), bestDice);
    }

    /// <summary>
    /// A notice (a source header, a LICENSE file holding only a notice). First the standard notices
    /// the text contains at least 80 % of, GNU ones corrected to the version the text states.
    /// Otherwise a license text pasted into the comment: most of the text's bigrams must come from
    /// that license and at least half of the license must be there; the most similar (Dice) wins.
    /// A paragraph every GNU license shares (the warranty disclaimer) is therefore no license.
    /// </summary>
    public LicenseMatch? MatchNotice(string text, double threshold, int minMatchedBigrams)
    {
        var doc = _index.Read(text);
        if (doc.Count < minMatchedBigrams) return null;

        // Only texts of about a notice's size (a full license text in a comment contains its own
        // "how to apply" notice but is the license, not a notice). Among the notices the text contains
        // enough of, the one sharing the most word pairs with it: most evidence; by share alone a
        // short generic notice would beat a longer exact one.
        var notice = _notices
            .Where(n => doc.Count <= 4 * n.Text.Count)
            .Select(n => (n.Id, Shared: BigramIndex.Shared(doc, n.Text), n.Text.Count))
            .Select(n => (n.Id, n.Shared, Coverage: (double)n.Shared / n.Count))
            .Where(n => n.Coverage >= NoticeCoverageThreshold)
            .OrderByDescending(n => n.Shared).ThenByDescending(n => n.Coverage)
            .FirstOrDefault();
        if (notice.Id is not null)
        {
            var id = GnuNotices.WithStatedVersion(notice.Id, text);
            if (doc.OrLaterPhrases > 0 && id.EndsWith("-only", StringComparison.Ordinal))
                id = id[..^"-only".Length] + "-or-later";
            return new LicenseMatch(WithException(id, text), notice.Coverage);
        }

        // Compared like a license file: up to "END OF TERMS AND CONDITIONS".
        var body = LicenseBody(text);
        if (!ReferenceEquals(body, text)) doc = _index.Read(body);
        var overlap = _index.Overlap(doc);
        var best = -1;
        var bestDice = 0.0;
        for (var i = 0; i < _licenses.Length; i++)
        {
            if (overlap[i] < minMatchedBigrams) continue;
            var containment = (double)overlap[i] / doc.Count;
            var coverage = (double)overlap[i] / _licenses[i].BigramCount;
            if (containment < threshold || coverage < MinFullTextCoverage) continue;
            var dice = Dice(overlap[i], doc.Count, _licenses[i].BigramCount);
            if (dice > bestDice) (best, bestDice) = (i, dice);
        }
        if (best < 0) return null;
        var orLater = doc.OrLaterPhrases > _licenses[best].OrLaterPhrases;
        return new LicenseMatch(WithException(_licenses[best].IdFor(orLater), text), (double)overlap[best] / doc.Count);
    }

    private static double Dice(int overlap, int a, int b) => 2.0 * overlap / (a + b);

    /// <summary>The text up to "END OF TERMS AND CONDITIONS" (all of it when it has no such line).</summary>
    private static string LicenseBody(string text)
    {
        var end = text.IndexOf("END OF TERMS AND CONDITIONS", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? text : text[..end];
    }

    /// <summary>`GPL-3.0-or-later` + the GCC runtime exception's words → `GPL-3.0-or-later WITH GCC-exception-3.1`.</summary>
    private string WithException(string id, string text)
    {
        if (!text.Contains("exception", StringComparison.OrdinalIgnoreCase) && !text.Contains("system calls", StringComparison.OrdinalIgnoreCase))
            return id;
        var words = " " + string.Join(' ', LicenseTokenizer.Tokenize(text)) + " ";
        foreach (var (exception, phrase) in _exceptions)
            if (words.Contains(phrase, StringComparison.Ordinal)) return $"{id} WITH {exception}";
        return id;
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
            var doc = index.Learn(LicenseBody(text));
            if (doc.Count == 0) continue;
            index.Add(doc);
            entries.Add(new Entry(id, orLaterId, doc.Count, doc.OrLaterPhrases));
        }

        var notices = new List<(string, BigramIndex.Document)>();
        var exceptions = new List<(string, string)>();
        await using (var stream = EmbeddedData.Open("license-notices.json"))
        using (var json = await JsonDocument.ParseAsync(stream))
        {
            foreach (var n in json.RootElement.GetProperty("notices").EnumerateArray())
                notices.Add((n.GetProperty("id").GetString()!, index.Learn(n.GetProperty("text").GetString()!)));
            foreach (var e in json.RootElement.GetProperty("exceptions").EnumerateArray())
                exceptions.Add((e.GetProperty("id").GetString()!, " " + string.Join(' ', LicenseTokenizer.Tokenize(e.GetProperty("phrase").GetString()!)) + " "));
        }

        index.Freeze();
        return new LicenseCorpus(index, [.. entries], [.. notices], [.. exceptions]);
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

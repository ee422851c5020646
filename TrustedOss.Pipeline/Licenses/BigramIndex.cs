namespace TrustedOss.Pipeline.Licenses;

/// <summary>
/// Texts as sets of word bigrams, plus an inverted index (bigram → the indexed texts containing it).
/// Overlap of a document with every indexed text comes from walking only the document's own bigrams'
/// posting lists — no pairwise comparison. Built single-threaded, then frozen and read concurrently.
/// </summary>
internal sealed class BigramIndex
{
    // Seeded so the "or later" phrase words have fixed ids.
    private const int Or = 0, Later = 1, Any = 2, Version = 3;

    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal)
    {
        ["or"] = Or, ["later"] = Later, ["any"] = Any, ["version"] = Version,
    };

    private readonly List<long> _pairBigrams = [];
    private readonly List<int> _pairTexts = [];
    private Dictionary<long, (int Start, int Count)> _postings = new(BigramComparer.Instance);
    private int[] _postingTexts = [];
    private int _textCount;

    /// <summary>A text's distinct bigrams (sorted) and how often it says "any later version" / "or later".</summary>
    public sealed record Document(long[] Bigrams, int OrLaterPhrases)
    {
        public int Count => Bigrams.Length;
    }

    public int TextCount => _textCount;

    /// <summary>Reads a text while building, adding its words to the vocabulary.</summary>
    public Document Learn(string text) => ToDocument(text, learn: true);

    /// <summary>Adds a learned text to the inverted index; returns its index.</summary>
    public int Add(Document document)
    {
        var index = _textCount++;
        foreach (var bigram in document.Bigrams)
        {
            _pairBigrams.Add(bigram);
            _pairTexts.Add(index);
        }
        return index;
    }

    /// <summary>Builds the posting lists; after this only <see cref="Read"/> and <see cref="Overlap"/> may be called.</summary>
    public void Freeze()
    {
        var bigrams = _pairBigrams.ToArray();
        var texts = _pairTexts.ToArray();
        Array.Sort(bigrams, texts);
        var postings = new Dictionary<long, (int, int)>(BigramComparer.Instance);
        for (var start = 0; start < bigrams.Length;)
        {
            var end = start + 1;
            while (end < bigrams.Length && bigrams[end] == bigrams[start]) end++;
            postings[bigrams[start]] = (start, end - start);
            start = end;
        }
        _postings = postings;
        _postingTexts = texts;
        _pairBigrams.Clear();
        _pairTexts.Clear();
    }

    /// <summary>Reads a document to match; words the index never saw still count in its size but never match.</summary>
    public Document Read(string text) => ToDocument(text, learn: false);

    /// <summary>For every indexed text, how many bigrams it shares with the document.</summary>
    public int[] Overlap(Document document)
    {
        var overlap = new int[_textCount];
        foreach (var bigram in document.Bigrams)
            if (_postings.TryGetValue(bigram, out var range))
                for (var i = range.Start; i < range.Start + range.Count; i++) overlap[_postingTexts[i]]++;
        return overlap;
    }

    /// <summary>Bigrams two documents share (both sorted, distinct).</summary>
    public static int Shared(Document a, Document b)
    {
        int i = 0, j = 0, shared = 0;
        while (i < a.Bigrams.Length && j < b.Bigrams.Length)
        {
            var cmp = a.Bigrams[i].CompareTo(b.Bigrams[j]);
            if (cmp == 0) { shared++; i++; j++; }
            else if (cmp < 0) i++;
            else j++;
        }
        return shared;
    }

    private Document ToDocument(string text, bool learn)
    {
        var lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        Dictionary<string, int>? local = null;
        var ids = new List<int>(text.Length / 5);
        LicenseTokenizer.ForEachWord(text, word =>
        {
            if (lookup.TryGetValue(word, out var id)) { ids.Add(id); return; }
            var s = word.ToString();
            if (learn) { ids.Add(_vocabulary[s] = _vocabulary.Count); return; }
            local ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (!local.TryGetValue(s, out id)) local[s] = id = _vocabulary.Count + local.Count;
            ids.Add(id);
        });

        var bigrams = new long[Math.Max(ids.Count - 1, 0)];
        var phrases = 0;
        for (var i = 1; i < ids.Count; i++)
        {
            bigrams[i - 1] = ((long)ids[i - 1] << 32) | (uint)ids[i];
            if (ids[i - 1] == Or && ids[i] == Later) phrases++;
            else if (ids[i - 1] == Any && ids[i] == Later && i + 1 < ids.Count && ids[i + 1] == Version) phrases++;
        }
        Array.Sort(bigrams);
        var distinct = bigrams.Length == 0 ? 0 : 1;
        for (var i = 1; i < bigrams.Length; i++)
            if (bigrams[i] != bigrams[distinct - 1]) bigrams[distinct++] = bigrams[i];
        return new Document(bigrams[..distinct], phrases);
    }

    /// <summary>
    /// long's own hash XORs its halves, so the bigrams (a,b) and (b,a) — and every pair with the same
    /// XOR — would collide; a multiplicative hash spreads them.
    /// </summary>
    private sealed class BigramComparer : IEqualityComparer<long>
    {
        public static readonly BigramComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
}

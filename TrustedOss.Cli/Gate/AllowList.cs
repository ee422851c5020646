using System.Globalization;
using System.Text.Json;

namespace TrustedOss.CommandLine.Gate;

/// <summary>
/// Advisories a team has accepted, each until a date: <c>{"accepted": [{"id": "CVE-2021-44906", "expires": "2027-01-31",
/// "reason": "…"}]}</c>. An entry counts through its <c>expires</c> day (UTC); after that the advisory fails the gate
/// again, so an acceptance is always revisited. An expiry is required for that reason.
/// </summary>
public sealed class AllowList(IReadOnlyList<AllowList.Entry> entries)
{
    public sealed record Entry(string Id, DateOnly Expires, string? Reason);

    public static readonly AllowList Empty = new([]);

    public IReadOnlyList<Entry> Entries => entries;

    /// <summary>The entry accepting <paramref name="advisoryId"/> on <paramref name="today"/>, if any (ids compare case-insensitively).</summary>
    public Entry? Accepting(string advisoryId, DateOnly today) =>
        entries.FirstOrDefault(e => string.Equals(e.Id, advisoryId, StringComparison.OrdinalIgnoreCase) && today <= e.Expires);

    public IEnumerable<Entry> ExpiredOn(DateOnly today) => entries.Where(e => today > e.Expires);

    public static AllowList Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read the allow-list '{path}': {e.Message}");
        }
        return Parse(text, path);
    }

    public static AllowList Parse(string json, string name)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliException($"The allow-list '{name}' is not valid JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("accepted", out var accepted) || accepted.ValueKind != JsonValueKind.Array)
            throw new CliException($"The allow-list '{name}' must be an object with an \"accepted\" array.");
        var list = new List<Entry>();
        var i = 0;
        foreach (var item in accepted.EnumerateArray())
        {
            var where = $"allow-list '{name}', accepted[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) throw new CliException($"{where} must be an object.");
            var id = item.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString()!.Trim() : "";
            if (id.Length == 0) throw new CliException($"{where} has no \"id\" (an advisory id such as CVE-2021-44906).");
            var expires = item.TryGetProperty("expires", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            if (!DateOnly.TryParseExact(expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new CliException($"{where} ({id}) needs \"expires\" as a date, yyyy-MM-dd.");
            var reason = item.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            list.Add(new Entry(id, date, reason));
        }
        return new AllowList(list);
    }
}

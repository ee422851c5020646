using System.Text.Json;

namespace TrustedOss.Pipeline.Health;

/// <summary>
/// Whether trivy's vulnerability DB is on disk (`db/trivy.db` + `db/metadata.json` under the cache dir).
/// Absent is a legal state: scans succeed with 0 findings and a banner (spec).
/// </summary>
public sealed record TrivyDbState(bool Present, DateTimeOffset? UpdatedAt)
{
    public string State => Present ? "present" : "absent";

    public static TrivyDbState Read(string cacheDir)
    {
        var db = Path.Combine(cacheDir, "db", "trivy.db");
        var metadata = Path.Combine(cacheDir, "db", "metadata.json");
        if (!File.Exists(db) || !File.Exists(metadata)) return new TrivyDbState(false, null);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(metadata));
            DateTimeOffset? updated = doc.RootElement.TryGetProperty("UpdatedAt", out var u) && u.TryGetDateTimeOffset(out var t) ? t : null;
            return new TrivyDbState(true, updated);
        }
        catch (JsonException)
        {
            return new TrivyDbState(false, null);
        }
    }
}

using System.Text;

namespace TrustedOss.Tests.TestSupport;

/// <summary>Finds live processes by a marker in their command line, by reading /proc (Linux).</summary>
public static class ProcessTable
{
    public static IReadOnlyList<int> WithMarker(string marker)
    {
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == self) continue;
            try
            {
                // A zombie has an empty cmdline: it is dead, only not yet reaped, so it does not count.
                var cmdline = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ');
                if (cmdline.Contains(marker, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException) { } // exited while we looked
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Polls until no process carries the marker or the time is up; returns the survivors.</summary>
    public static async Task<IReadOnlyList<int>> WaitUntilGoneAsync(string marker, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var alive = WithMarker(marker);
            if (alive.Count == 0 || DateTime.UtcNow >= deadline) return alive;
            await Task.Delay(50);
        }
    }

    /// <summary>Polls until at least <paramref name="count"/> processes carry the marker.</summary>
    public static async Task<IReadOnlyList<int>> WaitForAsync(string marker, int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var alive = WithMarker(marker);
            if (alive.Count >= count || DateTime.UtcNow >= deadline) return alive;
            await Task.Delay(50);
        }
    }
}

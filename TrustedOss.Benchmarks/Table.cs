using System.Globalization;

namespace TrustedOss.Benchmarks;

/// <summary>Prints figures as an aligned plain-text table (numeric columns right-aligned).</summary>
public static class Table
{
    public static void Print(string title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IEnumerable<string>? notes = null, bool lastColumnIsText = false)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine("  " + Line(headers, widths, lastColumnIsText));
        Console.WriteLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in all) Console.WriteLine("  " + Line(row, widths, lastColumnIsText));
        foreach (var note in notes ?? []) Console.WriteLine("  " + note);
    }

    public static string Seconds(TimeSpan t) => t.TotalSeconds < 10
        ? t.TotalSeconds.ToString("0.000 s", CultureInfo.InvariantCulture)
        : t.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "x";

    // The first column (and optionally the last) is text; the others are figures and read best right-aligned.
    private static string Line(IReadOnlyList<string> cells, int[] widths, bool lastColumnIsText) =>
        string.Join("  ", cells.Select((c, i) => i == 0 || (lastColumnIsText && i == cells.Count - 1) ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
}

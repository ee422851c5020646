namespace TrustedOss.CommandLine.Watching;

/// <summary>
/// Prints a scan's progress for a person or a CI log: each stage transition once, every log line, and a progress bar.
/// On a terminal the bar is redrawn in place under the scrolling lines; elsewhere (CI, a pipe) each change is a line.
/// </summary>
public sealed class ProgressPrinter(TextWriter output, bool interactive)
{
    private const int BarWidth = 30;
    private readonly Dictionary<string, string> stageStates = [];
    private string? bar;

    public void Stage(string stage, string state, string? detail = null)
    {
        if (stageStates.TryGetValue(stage, out var last) && last == state) return;
        stageStates[stage] = state;
        Line($"stage {stage}: {state}{(string.IsNullOrEmpty(detail) ? "" : $" ({detail})")}");
    }

    public void Log(string stage, string stream, string line) => Line($"  {stage} | {(stream == "stderr" ? "! " : "")}{line}");

    public void Progress(string step, int percent)
    {
        var clamped = Math.Clamp(percent, 0, 100);
        var filled = clamped * BarWidth / 100;
        var next = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {clamped,3}% {step}";
        if (next == bar) return;
        bar = next;
        if (interactive) Redraw();
        else output.WriteLine(next);
    }

    public void Note(string text) => Line(text);

    /// <summary>Ends the in-place bar so what follows starts on a line of its own.</summary>
    public void Finish()
    {
        if (interactive && bar is not null) output.WriteLine();
        bar = null;
        output.Flush();
    }

    private void Line(string text)
    {
        if (interactive && bar is not null) output.Write("\r\u001b[2K");
        output.WriteLine(text);
        if (interactive) Redraw();
    }

    private void Redraw()
    {
        if (bar is null) return;
        output.Write("\r\u001b[2K" + bar);
        output.Flush();
    }
}

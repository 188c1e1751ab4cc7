using Pneumo.Runner.Execution;

namespace Pneumo.Cli;

/// <summary>
/// What a running cell shows, on the console while it runs: printed lines as they come, and progress displays
/// redrawn in place on a terminal (a line every 10 s when redirected, as in CI logs).
/// </summary>
internal sealed class LiveCellConsole
{
    /// <summary>
    /// The process's real standard error: while a cell runs, the kernel captures Console.Out and Console.Error (and
    /// would hand what we write back to us as cell output).
    /// </summary>
    public static readonly TextWriter Stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };

    private readonly object _gate = new();
    private readonly System.Diagnostics.Stopwatch _sinceLine = System.Diagnostics.Stopwatch.StartNew();
    private bool _inPlace;

    public void Show(CellOutput output)
    {
        lock (_gate)
        {
            switch (output)
            {
                case StreamOutput s:
                    EndLineLocked();
                    foreach (var line in s.Text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        Stderr.WriteLine("    " + line);
                    break;
                case DisplayUpdate u when u.Data.TryGetValue("text/plain", out var text):
                    if (Console.IsErrorRedirected)
                    {
                        if (_sinceLine.Elapsed.TotalSeconds < 10) return;
                        _sinceLine.Restart();
                        Stderr.WriteLine("    " + text);
                    }
                    else
                    {
                        var width = Math.Max(20, SafeWidth() - 5);
                        Stderr.Write("\r    " + (text.Length > width ? text[..width] : text.PadRight(width)));
                        _inPlace = true;
                    }
                    break;
            }
        }
    }

    public void EndLine()
    {
        lock (_gate) EndLineLocked();
    }

    private void EndLineLocked()
    {
        if (!_inPlace) return;
        Stderr.WriteLine();
        _inPlace = false;
    }

    private static int SafeWidth()
    {
        try { return Console.WindowWidth; } catch (IOException) { return 120; }
    }
}

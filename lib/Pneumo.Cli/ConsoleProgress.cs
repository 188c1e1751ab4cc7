using System.Diagnostics;
using Pneumo.Data;

namespace Pneumo.Cli;

/// <summary>A progress bar on stderr: redrawn in place on a terminal, a line per 10% when redirected (CI logs).</summary>
internal sealed class ConsoleProgress : IProgress<WorkProgress>
{
    private readonly object _gate = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private string _stage = "";
    private int _lastDecile = -1;
    private long _lastDraw;

    public void Report(WorkProgress value)
    {
        lock (_gate)
        {
            if (value.Stage != _stage)
            {
                if (_stage.Length > 0 && !Console.IsErrorRedirected) Console.Error.WriteLine();
                _stage = value.Stage;
                _lastDecile = -1;
                _watch.Restart();
            }
            var elapsed = _watch.Elapsed.TotalSeconds;
            var eta = value.Done > 0 ? elapsed / value.Done * (value.Total - value.Done) : 0;
            var text = $"{value.Stage}: {value.Done}/{value.Total} ({value.Fraction:P0}), {elapsed:F0}s elapsed, ETA {eta:F0}s";
            if (Console.IsErrorRedirected)
            {
                int decile = (int)(value.Fraction * 10);
                if (decile != _lastDecile) Console.Error.WriteLine(text);
                _lastDecile = decile;
                return;
            }
            if (value.Done < value.Total && _watch.ElapsedMilliseconds - _lastDraw < 100) return;
            _lastDraw = _watch.ElapsedMilliseconds;
            int width = 28, filled = (int)(value.Fraction * width);
            Console.Error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {text}   ");
            if (value.Done >= value.Total) Console.Error.WriteLine();
        }
    }
}

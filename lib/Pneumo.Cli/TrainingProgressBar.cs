using Pneumo.Training;

namespace Pneumo.Cli;

/// <summary>Training progress on stderr: a bar per epoch on a terminal, epoch summaries always.</summary>
internal sealed class TrainingProgressBar : IProgress<TrainingProgress>
{
    private readonly object _gate = new();
    private DateTime _lastDraw = DateTime.MinValue;

    public void Report(TrainingProgress p)
    {
        lock (_gate)
        {
            if (p.Message is not null) // an epoch or a fold ended (classification or segmentation)
            {
                if (!Console.IsErrorRedirected) Console.Error.Write("\r" + new string(' ', 110) + "\r");
                Console.Error.WriteLine($"{p.Message} [elapsed {p.Elapsed:hh\\:mm\\:ss}, ETA {p.Eta:hh\\:mm\\:ss}]");
                return;
            }
            if (Console.IsErrorRedirected || (DateTime.UtcNow - _lastDraw).TotalMilliseconds < 200) return;
            _lastDraw = DateTime.UtcNow;
            int width = 24, filled = p.Batches == 0 ? 0 : p.Batch * width / p.Batches;
            Console.Error.Write($"\rfold {p.Fold} ({p.Fold + 1} of {p.Folds}) epoch {p.Epoch + 1}/{p.Epochs} [{new string('#', filled)}{new string('.', width - filled)}] batch {p.Batch}/{p.Batches} loss {p.Loss:F4} ETA {p.Eta:hh\\:mm\\:ss}   ");
        }
    }
}

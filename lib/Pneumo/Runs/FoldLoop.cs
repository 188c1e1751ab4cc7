using System.Diagnostics;
using Pneumo.Compute;
using Pneumo.Data;
using Pneumo.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Runs;

/// <summary>One fold to train: its samples, its device, and how to report and time it (<see cref="FoldLoop"/>).</summary>
/// <param name="Run">The run.</param>
/// <param name="Cache">The run's refined cache.</param>
/// <param name="Fold">The fold held out.</param>
/// <param name="Device">The Torch device.</param>
/// <param name="Train">Training images.</param>
/// <param name="Validation">Inner-validation images (early stopping, calibration, thresholds).</param>
/// <param name="Test">The fold's out-of-fold images.</param>
/// <param name="Progress">Progress sink.</param>
/// <param name="Elapsed">Time since the loop started.</param>
/// <param name="Eta">Time left, from (epoch, batch) of this fold.</param>
/// <param name="Cancel">Ends training between batches.</param>
internal sealed record FoldJob(ExperimentRun Run, RefinedCache Cache, int Fold, Device Device, IReadOnlyList<TrainingSample> Train,
    IReadOnlyList<TrainingSample> Validation, IReadOnlyList<TrainingSample> Test, IProgress<TrainingProgress>? Progress, Func<TimeSpan> Elapsed,
    Func<int, int, TimeSpan> Eta, CancellationToken Cancel)
{
    /// <summary>The fold's files.</summary>
    public FoldLayout Files => Run.Layout.Fold(Fold);
}

/// <summary>What one task does with a fold (<see cref="FoldLoop"/> does the rest).</summary>
internal abstract class FoldTask
{
    /// <summary>The task.</summary>
    public abstract TrainingTask Task { get; }

    /// <summary>Called once before the first fold, with the run's cache and clean table.</summary>
    public virtual void Begin(ExperimentRun run, RefinedCache cache, MetadataTable clean) { }

    /// <summary>Trains the fold and writes its files, the fold's predictions last (their presence means the fold is done).</summary>
    public abstract void TrainFold(FoldJob job);
}

/// <summary>
/// The one fold loop of every task: device and threads, the cache opened once, the folds not done yet (or one fold, as
/// a cluster job trains it), each split into training, inner validation and test, and one ETA over all of them.
/// </summary>
internal static class FoldLoop
{
    /// <summary>Trains the folds of <paramref name="run"/> not done yet (or only <paramref name="onlyFold"/>); true when every fold is done.</summary>
    public static bool Run(ExperimentRun run, FoldTask task, IProgress<TrainingProgress>? progress, CancellationToken cancel, int? onlyFold)
    {
        var config = run.Config;
        if (config.Task != task.Task) throw new InvalidOperationException($"{run.Folder}: a {config.Task} run, not a {task.Task} one");
        var device = TorchDevice.Select(config.Device == "auto" ? null : config.Device);
        torch.set_num_threads(config.Threads > 0 ? config.Threads : Environment.ProcessorCount);
        using var cache = RefinedCache.Open(run.Info.RefinedCache);
        var (clean, folds, all) = run.TrainingSamples(cache);
        var todo = Enumerable.Range(0, config.Folds).Where(f => (onlyFold is null || onlyFold == f) && !File.Exists(run.Layout.Fold(f).Predictions)).ToList();
        if (todo.Count == 0) return run.MissingFolds.Count == 0;
        task.Begin(run, cache, clean);
        int batchesPerEpoch = Math.Max(1, (int)Math.Ceiling(all.Count * (1 - 1.0 / config.Folds) * (1 - config.InnerValidationShare) / config.BatchSize));
        int totalBatches = todo.Count * config.Epochs * batchesPerEpoch, doneBatches = 0;
        var watch = Stopwatch.StartNew();
        for (int index = 0; index < todo.Count; index++)
        {
            int fold = todo[index], before = index * config.Epochs * batchesPerEpoch;
            var (train, validation, test) = run.Split(all, folds, fold);
            task.TrainFold(new FoldJob(run, cache, fold, device, train, validation, test, progress, () => watch.Elapsed, (epoch, batch) =>
            {
                doneBatches = Math.Max(doneBatches, before + epoch * batchesPerEpoch + batch);
                return doneBatches == 0 ? TimeSpan.Zero : watch.Elapsed / doneBatches * Math.Max(0, totalBatches - doneBatches);
            }, cancel));
        }
        return run.MissingFolds.Count == 0;
    }
}

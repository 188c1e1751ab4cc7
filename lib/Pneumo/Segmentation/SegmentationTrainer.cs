using System.Diagnostics;
using Pneumo.Compute;
using Pneumo.Data;
using Pneumo.IO;
using Pneumo.Modeling;
using Pneumo.Training;
using Pneumo.Training.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Segmentation;

/// <summary>
/// Trains the U-Net of one fold: one-cycle AdamW, BCE + soft Dice (+ focal), epochs drawn with a share of positives
/// that falls from <see cref="TrainingConfig.SegmentationShareStart"/> to <see cref="TrainingConfig.SegmentationShareEnd"/>,
/// the classification's augmentation applied to images and masks alike, a checkpoint after every epoch (an interrupted
/// fold resumes exactly), and the best epoch by inner-validation mean Dice. Seeded from seed, fold, epoch and batch.
/// </summary>
public sealed class SegmentationTrainer
{
    private readonly TrainingConfig _config;
    private readonly RefinedCache _cache;
    private readonly FoldFiles _files;
    private readonly int _fold;
    private readonly Device _device;
    private readonly IBatchTransform[] _augment;

    /// <summary>Prepares to train fold <paramref name="fold"/> into <paramref name="files"/>.</summary>
    public SegmentationTrainer(TrainingConfig config, RefinedCache cache, FoldFiles files, int fold, Device device)
    {
        (_config, _cache, _files, _fold, _device) = (config, cache, files, fold, device);
        _augment = Augmentations.For(config);
        Directory.CreateDirectory(files.Folder);
    }

    private string StatePath => _files.State;

    /// <summary>The U-Net of the config, seeded for this fold, its encoder started from the config's weights file if any.</summary>
    public static UNet CreateModel(TrainingConfig config, int fold, Device device, bool initialize = true)
    {
        torch.manual_seed(FoldTrainer.Seed(config.Seed, fold, -1, -1));
        var architecture = Architectures.Get(config.Model);
        if (!architecture.HasPyramid)
            throw new ArgumentException($"segmentation: {architecture.Name} has no encoder pyramid for a U-Net ({Architectures.Names(a => a.HasPyramid)})");
        var model = new UNet(architecture.BuildBackbone());
        if (initialize && config.InitWeights.Length > 0) PretrainedWeights.Load(model.Encoder, config.InitWeights, [architecture.HeadPrefix]);
        model.to(device);
        return model;
    }

    /// <summary>Trains (or resumes) until the epochs run out; returns the final state.</summary>
    /// <param name="train">Training images of the fold.</param>
    /// <param name="validation">Its inner validation.</param>
    /// <param name="progress">Batch and epoch reports.</param>
    /// <param name="elapsed">Time since the run's training started (for the reports), or null for the epoch's.</param>
    /// <param name="eta">The run's remaining time after (epoch, batch) of this fold, or null.</param>
    /// <param name="cancel">Stops at the next batch; the last finished epoch is on disk.</param>
    public SegmentationFoldState Train(IReadOnlyList<TrainingSample> train, IReadOnlyList<TrainingSample> validation, IProgress<TrainingProgress>? progress,
        Func<TimeSpan>? elapsed, Func<int, int, TimeSpan>? eta, CancellationToken cancel)
    {
        var state = SegmentationFoldState.Load(StatePath);
        if (state.Finished) return state;
        using var model = CreateModel(_config, _fold, _device, initialize: state.EpochsDone == 0);
        int batches = Math.Max(1, train.Count / _config.BatchSize);
        using var checkpoint = new FoldCheckpoint(model, _config, _files, batches, resume: state.EpochsDone > 0);
        var optimizer = checkpoint.Optimizer;
        var loss = new SegmentationLoss(_config.FocalWeight);
        for (int epoch = state.EpochsDone; epoch < _config.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            torch.manual_seed(FoldTrainer.Seed(_config.Seed, _fold, epoch, -1));
            double share = _config.Epochs == 1 ? _config.SegmentationShareStart
                : _config.SegmentationShareStart + (_config.SegmentationShareEnd - _config.SegmentationShareStart) * epoch / (_config.Epochs - 1);
            var order = FoldTrainer.EpochOrder(train, share, new Random(FoldTrainer.Seed(_config.Seed, _fold, epoch, -2)));
            model.train();
            double lossSum = 0, lr = 0;
            int seen = 0, batch = 0;
            foreach (var prepared in BatchSource.Batches(_cache, order, _config.BatchSize, dropLast: true, masks: true))
            {
                cancel.ThrowIfCancellationRequested();
                lr = checkpoint.SetLearningRate(epoch * batches + batch);
                using (NewDisposeScope())
                {
                    var (images, masks) = ToTensors(prepared, _device);
                    (images, var augmented) = TrainingStep.Augment(images, masks, _augment, new Random(FoldTrainer.Seed(_config.Seed, _fold, epoch, batch)));
                    optimizer.zero_grad();
                    var l = loss.Compute(model.forward(FoldTrainer.Normalize(images)), augmented!);
                    l.backward();
                    optimizer.step();
                    lossSum += l.item<float>() * prepared.Labels.Length;
                    seen += prepared.Labels.Length;
                }
                batch++;
                progress?.Report(new TrainingProgress(_fold, _config.Folds, epoch, _config.Epochs, batch, batches, lossSum / Math.Max(1, seen), elapsed?.Invoke() ?? watch.Elapsed, eta?.Invoke(epoch, batch) ?? TimeSpan.Zero,
                    state.History.Count > 0 ? state.History[^1].ValidationDice : null) { ValidationName = "val Dice" });
            }
            var maps = Predict(model, _cache, validation, _config.BatchSize, _device);
            var decision = new MaskDecision(0.5, 0, 0.5);
            double dice = DiceScore.Mean(validation.Select((s, i) => DiceScore.Of(TruthAtCacheSize(s), decision.Apply(maps[i]))));
            bool improved = dice > state.BestDice + 1e-9;
            checkpoint.Save(improved);
            var record = new SegmentationEpoch(epoch, lossSum / Math.Max(1, seen), dice, lr, watch.Elapsed.TotalSeconds);
            state = new SegmentationFoldState(epoch + 1, improved ? dice : state.BestDice, improved ? epoch : state.BestEpoch, epoch + 1 >= _config.Epochs, [.. state.History, record]);
            state.Save(StatePath);
            progress?.Report(new SegmentationEpochFinished(new TrainingProgress(_fold, _config.Folds, epoch, _config.Epochs, batches, batches, record.TrainLoss,
                elapsed?.Invoke() ?? watch.Elapsed, eta?.Invoke(epoch + 1, 0) ?? TimeSpan.Zero, dice), record, improved) { ValidationName = "val Dice" });
        }
        return state;
    }

    /// <summary>Probability maps (cache size, row-major) of <paramref name="sets"/> with the best weights (loaded once).</summary>
    public IReadOnlyList<float[]>[] PredictWithBest(params IReadOnlyList<TrainingSample>[] sets)
    {
        using var model = CreateModel(_config, _fold, _device, initialize: false);
        model.load(_files.BestWeights);
        return sets.Select(s => Predict(model, _cache, s, _config.BatchSize, _device)).ToArray();
    }

    /// <summary>The truth mask of a sample at the cache's size.</summary>
    public byte[] TruthAtCacheSize(TrainingSample sample)
    {
        var mask = new byte[_cache.Size * _cache.Size];
        if (sample.Label == 1) _cache.ReadMask(sample.Entry, mask);
        return mask;
    }

    private static IReadOnlyList<float[]> Predict(UNet model, RefinedCache cache, IReadOnlyList<TrainingSample> samples, int batchSize, Device device)
    {
        model.eval();
        var maps = new List<float[]>(samples.Count);
        int pixels = cache.Size * cache.Size;
        using (no_grad())
            foreach (var prepared in BatchSource.Batches(cache, samples, batchSize, dropLast: false))
            {
                using var scope = NewDisposeScope();
                var (images, _) = ToTensors(prepared, device);
                var p = model.forward(FoldTrainer.Normalize(images)).sigmoid().to(CPU).data<float>().ToArray();
                for (int i = 0; i < prepared.Labels.Length; i++) maps.Add(p.AsSpan(i * pixels, pixels).ToArray());
            }
        return maps;
    }

    private static (Tensor Images, Tensor? Masks) ToTensors(PreparedBatch b, Device device)
    {
        long n = b.Labels.Length, size = (long)Math.Sqrt(b.Pixels.Length / n);
        var images = tensor(b.Pixels, [n, 1, size, size], dtype: ScalarType.Byte).to(device).to(ScalarType.Float32).mul(StableScalars.Inverse255);
        var masks = b.Masks is { } m ? tensor(m, [n, 1, size, size], dtype: ScalarType.Byte).to(device).to(ScalarType.Float32) : null;
        return (images, masks);
    }
}

using Pneumo.Compute;
using System.Diagnostics;
using System.Globalization;
using Pneumo.Metrics;
using Pneumo.Modeling;
using Pneumo.Tables;
using Pneumo.Training.Augmentation;
using TorchSharp;
using static TorchSharp.torch;
using Pneumo.IO;

namespace Pneumo.Training;

/// <summary>
/// Trains one fold: AdamW with a one-cycle schedule (cosine warm-up, cosine decay), class imbalance through the positive weight of the loss,
/// augmentation, a dispose scope per batch, inner-validation AUC after each epoch for early stopping, and a checkpoint
/// after each epoch (weights, optimizer, state) written atomically. Every random choice is seeded from (seed, fold,
/// epoch, batch), so a fold resumed from its last checkpoint ends exactly where an uninterrupted one would.
/// </summary>
public sealed class FoldTrainer
{
    private readonly TrainingConfig _config;
    private readonly Data.RefinedCache _cache;
    private readonly FoldFiles _files;
    private readonly int _fold;
    private readonly Device _device;
    private readonly IBatchTransform[] _augment;

    /// <summary>Prepares to train fold <paramref name="fold"/> into <paramref name="files"/>.</summary>
    public FoldTrainer(TrainingConfig config, Data.RefinedCache cache, FoldFiles files, int fold, Device device)
    {
        _config = config;
        _cache = cache;
        _files = files;
        _fold = fold;
        _device = device;
        _augment = Augmentations.For(config);
        Directory.CreateDirectory(files.Folder);
    }

    private string StatePath => _files.State;

    /// <summary>Creates the model of the config, seeded for this fold.</summary>
    public static PneumothoraxClassifier CreateModel(TrainingConfig config, int fold, Device device)
    {
        torch.manual_seed(Seed(config.Seed, fold, -1, -1));
        var model = new PneumothoraxClassifier(Architectures.Get(config.Model), config.UseMetadata, config.Dropout, config.MaskLossWeight > 0);
        model.to(device);
        return model;
    }

    /// <summary>
    /// Loads the run's pretrained weights into the backbone of <paramref name="model"/> (its head skipped), after
    /// checking that the file is still the one recorded when the run was created.
    /// </summary>
    /// <exception cref="DataFileException">The file changed, or does not fit the backbone.</exception>
    public static WeightsReport InitializeBackbone(PneumothoraxClassifier model, TrainingConfig config)
    {
        var sha = PretrainedWeights.Sha256(config.InitWeights);
        if (config.InitWeightsSha256.Length > 0 && sha != config.InitWeightsSha256)
            throw new DataFileException($"{config.InitWeights}: changed since the run was created (SHA-256 {sha[..12]}…, recorded {config.InitWeightsSha256[..12]}…)");
        return PretrainedWeights.Load(model.Backbone, config.InitWeights, [model.Architecture.HeadPrefix]);
    }

    /// <summary>
    /// Trains (or resumes) until the epochs run out or early stopping; returns the final state. Throws
    /// <see cref="OperationCanceledException"/> between batches when cancelled: the last completed epoch is on disk.
    /// </summary>
    public FoldState Train(IReadOnlyList<TrainingSample> train, IReadOnlyList<TrainingSample> validation,
        IProgress<TrainingProgress>? progress, Func<TimeSpan>? elapsed, Func<int, int, TimeSpan>? eta, CancellationToken cancel)
    {
        var state = FoldState.Load(StatePath);
        if (state.Finished) return state;
        using var model = CreateModel(_config, _fold, _device);
        int batches = (train.Count + _config.BatchSize - 1) / _config.BatchSize;
        using var checkpoint = new FoldCheckpoint(model, _config, _files, batches, resume: state.EpochsDone > 0);
        var optimizer = checkpoint.Optimizer;
        if (state.EpochsDone == 0 && _config.InitWeights.Length > 0) InitializeBackbone(model, _config);
        int positives = train.Count(s => s.Label == 1);
        // the loss weighs positives by the negative:positive ratio the batches will have (1 when sampling is balanced)
        double share = _config.PositiveShare > 0 ? _config.PositiveShare : (double)positives / Math.Max(1, train.Count);
        double weight = (1 - share) / Math.Max(1e-6, share);
        // no weight at all when it is 1 (balanced epochs): the same loss, and LibTorch's weighted path is not taken
        using var posWeight = Math.Abs(weight - 1) < 1e-9 ? null : tensor(new[] { (float)weight }, device: _device);
        int warmupSteps = checkpoint.WarmupSteps;

        for (int epoch = state.EpochsDone; epoch < _config.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var p in model.Backbone.parameters()) p.requires_grad = epoch >= _config.FreezeEpochs;
            torch.manual_seed(Seed(_config.Seed, _fold, epoch, -1));
            var order = EpochOrder(train, _config.PositiveShare, new Random(Seed(_config.Seed, _fold, epoch, -2)));
            model.train();
            double lossSum = 0;
            int seen = 0, batch = 0;
            double lr = 0;
            bool masks = _config.MaskLossWeight > 0;
            foreach (var prepared in BatchSource.Batches(_cache, order, _config.BatchSize, dropLast: true, masks))
            {
                cancel.ThrowIfCancellationRequested();
                lr = checkpoint.SetLearningRate(epoch * batches + batch);
                using (var scope = NewDisposeScope())
                {
                    var (images, metadata, labels) = ToTensors(prepared);
                    var maskTensor = prepared.Masks is { } m ? tensor(m, images.shape, dtype: ScalarType.Byte).to(_device).to(ScalarType.Float32) : null;
                    var loss = TrainingStep.Run(model, optimizer, images, metadata, labels, posWeight, _augment, new Random(Seed(_config.Seed, _fold, epoch, batch)),
                        maskTensor, _config.MaskLossWeight);
                    lossSum += loss * prepared.Labels.Length;
                    seen += prepared.Labels.Length;
                }
                batch++;
                progress?.Report(new TrainingProgress(_fold, _config.Folds, epoch, _config.Epochs, batch, batches, lossSum / seen,
                    elapsed?.Invoke() ?? watch.Elapsed, eta?.Invoke(epoch, batch) ?? TimeSpan.Zero, state.History.Count > 0 ? state.History[^1].ValidationAuc : null));
            }

            if (_config.PreciseBatchNorm) RefreshBatchNorm(model, train);
            var (valLogits, valLoss) = Predict(model, _cache, validation, _config.BatchSize, _device);
            double auc = RocCurve.AreaUnder(valLogits, validation.Select(s => s.Label).ToArray());
            var record = new EpochRecord(epoch, lossSum / Math.Max(1, seen), valLoss, auc, lr, watch.Elapsed.TotalSeconds);
            // a better AUC, or the same AUC with a lower loss: on a small inner validation the AUC soon reaches 1 and
            // stays there, and the first epoch to reach it is rarely the best model
            bool improved = auc > state.BestAuc + 1e-9 || (auc >= state.BestAuc - 1e-9 && valLoss < state.BestLoss);
            bool tooEarly = epoch + 1 <= Math.Max(warmupSteps / Math.Max(1, batches), (int)(_config.EarlyStoppingStart * _config.Epochs));
            int stale = improved || tooEarly ? 0 : state.EpochsWithoutImprovement + 1;
            bool finished = epoch + 1 >= _config.Epochs || stale >= _config.Patience;
            checkpoint.Save(improved);
            state = new FoldState(epoch + 1, improved ? auc : state.BestAuc, improved ? epoch : state.BestEpoch, stale, finished, [.. state.History, record],
                improved ? valLoss : state.BestLoss);
            state.Save(StatePath);
            WriteEpochs(state);
            progress?.Report(new EpochFinished(new TrainingProgress(_fold, _config.Folds, epoch, _config.Epochs, batches, batches, record.TrainLoss,
                elapsed?.Invoke() ?? watch.Elapsed, eta?.Invoke(epoch + 1, 0) ?? TimeSpan.Zero, auc), record, improved));
            if (finished) break;
        }
        return state;
    }

    /// <summary>Recomputes the batch-norm statistics from the first training images (<see cref="PreciseBatchNorm"/>).</summary>
    private void RefreshBatchNorm(PneumothoraxClassifier model, IReadOnlyList<TrainingSample> train)
    {
        var images = train.Take(PreciseBatchNorm.Images).ToList();
        PreciseBatchNorm.Refresh(model, () => BatchSource.Batches(_cache, images, _config.BatchSize, dropLast: true).Select(prepared => (Action)(() =>
        {
            using var scope = NewDisposeScope();
            var (x, _, _) = ToTensors(prepared);
            model.Features(Normalize(x));
        })));
    }

    /// <summary>
    /// The images of one epoch, as many as <paramref name="train"/> holds: a seeded shuffle of all of them when
    /// <paramref name="positiveShare"/> is 0; otherwise that share drawn from the positives (each seen before any
    /// repeats) and the rest from the negatives, shuffled together.
    /// </summary>
    public static TrainingSample[] EpochOrder(IReadOnlyList<TrainingSample> train, double positiveShare, Random random)
    {
        var all = train.ToArray();
        if (positiveShare <= 0)
        {
            random.Shuffle(all);
            return all;
        }
        var positives = all.Where(s => s.Label == 1).ToArray();
        var negatives = all.Where(s => s.Label != 1).ToArray();
        if (positives.Length == 0 || negatives.Length == 0)
        {
            random.Shuffle(all);
            return all;
        }
        int wanted = (int)Math.Round(all.Length * positiveShare);
        var order = new List<TrainingSample>(all.Length);
        void Draw(TrainingSample[] pool, int count)
        {
            while (count > 0)
            {
                var round = pool.ToArray();
                random.Shuffle(round);
                order.AddRange(round.Take(count));
                count -= round.Length;
            }
        }
        Draw(positives, wanted);
        Draw(negatives, all.Length - wanted);
        var result = order.ToArray();
        random.Shuffle(result);
        return result;
    }

    /// <summary>Logits of each list of <paramref name="sets"/> with the best weights of this fold (the model loaded once).</summary>
    public double[][] PredictWithBest(params IReadOnlyList<TrainingSample>[] sets)
    {
        using var model = CreateModel(_config, _fold, _device);
        model.load(_files.BestWeights);
        return sets.Select(s => Predict(model, _cache, s, _config.BatchSize, _device).Logits).ToArray();
    }

    /// <summary>
    /// Evaluation-mode logits and mean loss (no gradients, no augmentation). Logits, not probabilities: a float sigmoid
    /// saturates at 1 for confident images, which would tie them in every ranking and lose them for calibration.
    /// </summary>
    public static (double[] Logits, double Loss) Predict(PneumothoraxClassifier model, Data.RefinedCache cache, IReadOnlyList<TrainingSample> samples, int batchSize, Device device)
    {
        model.eval();
        var result = new double[samples.Count];
        double lossSum = 0;
        int at = 0;
        using (no_grad())
        {
            foreach (var prepared in BatchSource.Batches(cache, samples, batchSize, dropLast: false))
            {
                using var scope = NewDisposeScope();
                var (images, metadata, labels) = ToTensors(prepared, device);
                var logits = model.forward(Normalize(images), metadata);
                lossSum += nn.functional.binary_cross_entropy_with_logits(logits, labels, null, nn.Reduction.Sum, null).item<float>();
                var z = logits.to(CPU).data<float>().ToArray();
                for (int i = 0; i < z.Length; i++) result[at++] = z[i];
            }
        }
        return (result, lossSum / Math.Max(1, samples.Count));
    }

    private (Tensor Images, Tensor Metadata, Tensor Labels) ToTensors(PreparedBatch b) => ToTensors(b, _device);

    private static (Tensor Images, Tensor Metadata, Tensor Labels) ToTensors(PreparedBatch b, Device device)
    {
        long n = b.Labels.Length, size = (long)Math.Sqrt(b.Pixels.Length / n);
        // uint8 to the device, converted there: (float)p * (1f / 255f), the same values the CPU path computed
        var images = tensor(b.Pixels, [n, 1, size, size], dtype: ScalarType.Byte).to(device).to(ScalarType.Float32).mul(StableScalars.Inverse255);
        return (images, tensor(b.Metadata, [n, MetadataEncoding.Width]).to(device), tensor(b.Labels, [n]).to(device));
    }

    /// <summary>Centres [0, 1] intensities: (x − 0.5) / 0.25.</summary>
    public static Tensor Normalize(Tensor images)
        => images.sub(StableScalars.Half).div(StableScalars.Quarter);

    private void WriteEpochs(FoldState state) =>
        Csv.Write(_files.Epochs, ["Fold", "Epoch", "TrainLoss", "ValidationLoss", "ValidationAuc", "LearningRate", "Seconds"],
            state.History.Select(h => new object?[] { _fold, h.Epoch + 1, Math.Round(h.TrainLoss, 6), Math.Round(h.ValidationLoss, 6), Math.Round(h.ValidationAuc, 6), h.LearningRate, Math.Round(h.Seconds, 2) }));

    /// <summary>A seed derived from the run seed and a position (fold, epoch, batch): stable across runs, processes and resumes.</summary>
    public static int Seed(int seed, int fold, int epoch, int batch)
    {
        unchecked
        {
            uint h = (uint)seed * 2654435761u;
            foreach (var part in new[] { fold + 7, epoch + 11, batch + 13 })
            {
                h ^= (uint)part * 2246822519u;
                h = (h << 13) | (h >> 19);
                h *= 3266489917u;
            }
            h ^= h >> 16;
            h *= 0x85EBCA6Bu;
            h ^= h >> 13;
            return (int)(h & int.MaxValue);
        }
    }
}

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
    private readonly string _folder;
    private readonly int _fold;
    private readonly Device _device;
    private readonly IBatchTransform[] _augment;

    /// <summary>Prepares to train fold <paramref name="fold"/> into <paramref name="folder"/>.</summary>
    public FoldTrainer(TrainingConfig config, Data.RefinedCache cache, string folder, int fold, Device device)
    {
        _config = config;
        _cache = cache;
        _folder = folder;
        _fold = fold;
        _device = device;
        var transforms = new List<IBatchTransform>();
        if (config.Augment) transforms.AddRange([new RandomAffine(), new RandomBrightnessContrast()]);
        if (config.HorizontalFlip) transforms.Add(new RandomHorizontalFlip());
        _augment = transforms.ToArray();
        Directory.CreateDirectory(folder);
    }

    /// <summary>The state file of the fold in <paramref name="foldFolder"/> (the fold folder's layout is this type's).</summary>
    internal static string StatePathIn(string foldFolder) => Path.Combine(foldFolder, "state.json");
    /// <summary>The best weights of the fold in <paramref name="foldFolder"/>.</summary>
    internal static string BestWeightsIn(string foldFolder) => Path.Combine(foldFolder, "best.weights");

    private string StatePath => StatePathIn(_folder);
    private string CheckpointPath => Path.Combine(_folder, "checkpoint.weights");
    private string OptimizerPath => Path.Combine(_folder, "checkpoint.optimizer");
    /// <summary>Weights of the best epoch.</summary>
    public string BestWeightsPath => BestWeightsIn(_folder);

    /// <summary>Creates the model of the config, seeded for this fold.</summary>
    public static PneumothoraxClassifier CreateModel(TrainingConfig config, int fold, Device device)
    {
        torch.manual_seed(Seed(config.Seed, fold, -1, -1));
        var model = new PneumothoraxClassifier(PneumothoraxClassifier.ParseKind(config.Model), config.UseMetadata, config.Dropout);
        model.to(device);
        return model;
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
        using var optimizer = optim.AdamW(model.parameters(), _config.LearningRate, weight_decay: _config.WeightDecay);
        if (state.EpochsDone > 0)
        {
            model.load(CheckpointPath);
            optimizer.load_state_dict(OptimizerPath);
        }
        int positives = train.Count(s => s.Label == 1);
        using var posWeight = tensor(new[] { (float)(train.Count - positives) / Math.Max(1, positives) }, device: _device);
        int batches = (train.Count + _config.BatchSize - 1) / _config.BatchSize;
        int totalSteps = _config.Epochs * batches, warmupSteps = (int)(_config.WarmupShare * totalSteps);
        var schedule = new OneCycleSchedule(_config.LearningRate, totalSteps, warmupSteps);

        for (int epoch = state.EpochsDone; epoch < _config.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            torch.manual_seed(Seed(_config.Seed, _fold, epoch, -1));
            var order = train.ToArray();
            new Random(Seed(_config.Seed, _fold, epoch, -2)).Shuffle(order);
            model.train();
            double lossSum = 0;
            int seen = 0, batch = 0;
            double lr = 0;
            foreach (var prepared in BatchSource.Batches(_cache, order, _config.BatchSize, dropLast: true))
            {
                cancel.ThrowIfCancellationRequested();
                int step = epoch * batches + batch;
                lr = schedule.At(step);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
                using (var scope = NewDisposeScope())
                {
                    var (images, metadata, labels) = ToTensors(prepared);
                    var loss = TrainingStep.Run(model, optimizer, images, metadata, labels, posWeight, _augment, new Random(Seed(_config.Seed, _fold, epoch, batch)));
                    lossSum += loss * prepared.Labels.Length;
                    seen += prepared.Labels.Length;
                }
                batch++;
                progress?.Report(new TrainingProgress(_fold, _config.Folds, epoch, _config.Epochs, batch, batches, lossSum / seen,
                    elapsed?.Invoke() ?? watch.Elapsed, eta?.Invoke(epoch, batch) ?? TimeSpan.Zero, state.History.Count > 0 ? state.History[^1].ValidationAuc : null));
            }

            var (valProbabilities, valLoss) = Predict(model, _cache, validation, _config.BatchSize, _device);
            double auc = RocCurve.AreaUnder(valProbabilities, validation.Select(s => s.Label).ToArray());
            var record = new EpochRecord(epoch, lossSum / Math.Max(1, seen), valLoss, auc, lr, watch.Elapsed.TotalSeconds);
            bool improved = auc > state.BestAuc + 1e-9;
            if (improved) AtomicFile.Write(BestWeightsPath, temp => model.save(temp));
            bool tooEarly = epoch + 1 <= Math.Max(warmupSteps / Math.Max(1, batches), (int)(_config.EarlyStoppingStart * _config.Epochs));
            int stale = improved || tooEarly ? 0 : state.EpochsWithoutImprovement + 1;
            bool finished = epoch + 1 >= _config.Epochs || stale >= _config.Patience;
            AtomicFile.Write(CheckpointPath, temp => model.save(temp));
            AtomicFile.Write(OptimizerPath, temp => optimizer.save_state_dict(temp));
            state = new FoldState(epoch + 1, improved ? auc : state.BestAuc, improved ? epoch : state.BestEpoch, stale, finished, [.. state.History, record]);
            state.Save(StatePath);
            WriteEpochs(state);
            progress?.Report(new EpochFinished(new TrainingProgress(_fold, _config.Folds, epoch, _config.Epochs, batches, batches, record.TrainLoss,
                elapsed?.Invoke() ?? watch.Elapsed, eta?.Invoke(epoch + 1, 0) ?? TimeSpan.Zero, auc), record, improved));
            if (finished) break;
        }
        return state;
    }

    /// <summary>Probabilities of <paramref name="samples"/> with the best weights of this fold.</summary>
    public double[] PredictWithBest(IReadOnlyList<TrainingSample> samples)
    {
        using var model = CreateModel(_config, _fold, _device);
        model.load(BestWeightsPath);
        return Predict(model, _cache, samples, _config.BatchSize, _device).Probabilities;
    }

    /// <summary>Evaluation-mode probabilities and mean loss (no gradients, no augmentation).</summary>
    public static (double[] Probabilities, double Loss) Predict(PneumothoraxClassifier model, Data.RefinedCache cache, IReadOnlyList<TrainingSample> samples, int batchSize, Device device)
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
                var p = logits.sigmoid().to(CPU).data<float>().ToArray();
                for (int i = 0; i < p.Length; i++) result[at++] = p[i];
            }
        }
        return (result, lossSum / Math.Max(1, samples.Count));
    }

    private (Tensor Images, Tensor Metadata, Tensor Labels) ToTensors(PreparedBatch b) => ToTensors(b, _device);

    private static (Tensor Images, Tensor Metadata, Tensor Labels) ToTensors(PreparedBatch b, Device device)
    {
        long n = b.Labels.Length, size = (long)Math.Sqrt(b.Pixels.Length / n);
        return (tensor(b.Pixels, [n, 1, size, size]).to(device), tensor(b.Metadata, [n, MetadataEncoding.Width]).to(device), tensor(b.Labels, [n]).to(device));
    }

    /// <summary>Centres [0, 1] intensities: (x − 0.5) / 0.25.</summary>
    public static Tensor Normalize(Tensor images) => (images - 0.5f) / 0.25f;

    private void WriteEpochs(FoldState state) =>
        Csv.Write(Path.Combine(_folder, "epochs.csv"), ["Fold", "Epoch", "TrainLoss", "ValidationLoss", "ValidationAuc", "LearningRate", "Seconds"],
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

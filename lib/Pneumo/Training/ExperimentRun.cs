using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pneumo.Compute;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;
using TorchSharp;
using static TorchSharp.torch;
using Pneumo.IO;

namespace Pneumo.Training;

/// <summary>What a run folder records about where and how it ran.</summary>
/// <param name="Id">Folder name.</param>
/// <param name="Created">UTC creation time.</param>
/// <param name="GitCommit">Commit of the code (with <c>-dirty</c> when the tree had changes), or <c>unknown</c>.</param>
/// <param name="Device">Device and backend description.</param>
/// <param name="RefinedCache">The refined cache folder used.</param>
/// <param name="Machine">OS and cores.</param>
public sealed record RunInfo(string Id, DateTime Created, string GitCommit, string Device, string RefinedCache, string Machine);

/// <summary>
/// An experiment folder <c>results/runs/&lt;run-id&gt;/</c>: <c>config.json</c> (all parameters, seed, git commit,
/// device), the inputs copied in (<c>clean.csv</c>, <c>folds.csv</c>), per fold its checkpoints, <c>epochs.csv</c> and
/// predictions, then <c>oof-predictions.csv</c>, the evaluation files and TensorBoard event files. Runs never overwrite
/// each other; an interrupted run is resumed from its folder.
/// </summary>
public sealed class ExperimentRun
{
    private ExperimentRun(string folder, TrainingConfig config, RunInfo info)
    {
        Folder = folder;
        Config = config;
        Info = info;
    }

    /// <summary>The run folder.</summary>
    public string Folder { get; }
    /// <summary>Its parameters.</summary>
    public TrainingConfig Config { get; }
    /// <summary>Its provenance.</summary>
    public RunInfo Info { get; }

    /// <summary>Creates a new run folder under <paramref name="runsRoot"/> (a fresh name, never an existing one).</summary>
    /// <param name="runsRoot">Where run folders go.</param>
    /// <param name="config">The training parameters.</param>
    /// <param name="clean">The clean table.</param>
    /// <param name="folds">The split.</param>
    /// <param name="refinedFolder">The refined cache.</param>
    /// <param name="changedParameters">The study parameters that differ from their defaults (recorded in config.json).</param>
    public static ExperimentRun Create(string runsRoot, TrainingConfig config, MetadataTable clean, FoldAssignment folds, string refinedFolder, IReadOnlyDictionary<string, object?>? changedParameters = null)
    {
        config.Validate();
        Directory.CreateDirectory(runsRoot);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string id = $"{stamp}-{config.Model}-s{config.Seed}", folder = Path.Combine(runsRoot, id);
        for (int k = 2; Directory.Exists(folder); k++) folder = Path.Combine(runsRoot, id = $"{stamp}-{config.Model}-s{config.Seed}-{k}");
        Directory.CreateDirectory(folder);
        var device = TorchDevice.Select(config.Device == "auto" ? null : config.Device);
        var info = new RunInfo(id, DateTime.UtcNow, GitCommit(), TorchDevice.Describe(device), Path.GetFullPath(refinedFolder),
            $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores");
        clean.WriteCsv(Path.Combine(folder, "clean.csv"));
        folds.Write(Path.Combine(folder, "folds.csv"));
        AtomicFile.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(new { config, run = info, changedParameters = changedParameters ?? new Dictionary<string, object?>() }, TrainingConfig.Json));
        return new ExperimentRun(folder, config, info);
    }

    /// <summary>Opens an existing run folder (to resume or evaluate it).</summary>
    public static ExperimentRun Open(string folder)
    {
        var path = Path.Combine(folder, "config.json");
        if (!File.Exists(path)) throw new DirectoryNotFoundException($"{folder}: not a run folder (no config.json)");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var config = doc.RootElement.GetProperty("config").Deserialize<TrainingConfig>(TrainingConfig.Json)!;
        var info = doc.RootElement.GetProperty("run").Deserialize<RunInfo>(TrainingConfig.Json)!;
        return new ExperimentRun(Path.GetFullPath(folder), config, info);
    }

    /// <summary>Path of the out-of-fold predictions of all folds.</summary>
    public string PredictionsPath => Path.Combine(Folder, "oof-predictions.csv");

    /// <summary>
    /// Trains every fold (or only <paramref name="onlyFold"/>), resuming whatever is already done, then writes the
    /// out-of-fold predictions and the evaluation when all folds are complete. Returns the report, or null when folds
    /// remain.
    /// </summary>
    public EvaluationReport? Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default, int? onlyFold = null)
    {
        var device = TorchDevice.Select(Config.Device == "auto" ? null : Config.Device);
        torch.set_num_threads(Config.Threads > 0 ? Config.Threads : Environment.ProcessorCount);
        var clean = MetadataTable.ReadCsv(Path.Combine(Folder, "clean.csv"));
        var folds = FoldAssignment.Read(Path.Combine(Folder, "folds.csv"));
        using var cache = RefinedCache.Open(Info.RefinedCache);
        if (cache.Size != Config.ImageSize)
            throw new InvalidDataException($"{cache.Folder}: cache images are {cache.Size} px but the run wants {Config.ImageSize}");
        var samples = clean.Rows.Where(r => folds.Folds.ContainsKey(r.ImageId)).Select(r => (Row: r, Entry: cache.Find(r.ImageId))).ToList();
        var missing = samples.Where(s => s.Entry is null).Select(s => s.Row.ImageId).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{cache.Folder}: {missing.Count} image(s) of the clean table are not cached (first: {missing[0]}); run `pneumo preprocess`");
        var all = samples.Select(s => new TrainingSample(s.Row.ImageId, s.Entry!, s.Row.Label ?? 0, MetadataEncoding.Encode(s.Row))).ToList();

        var writer = torch.utils.tensorboard.SummaryWriter(Path.Combine(Folder, "tensorboard"));
        var watch = Stopwatch.StartNew();
        int foldsToRun = onlyFold is null ? Config.Folds : 1;
        int batchesPerEpoch = (int)Math.Ceiling(all.Count * (1 - 1.0 / Config.Folds) * (1 - Config.InnerValidationShare) / Config.BatchSize);
        int totalBatches = foldsToRun * Config.Epochs * Math.Max(1, batchesPerEpoch), doneBatches = 0, foldIndex = 0;

        for (int fold = 0; fold < Config.Folds; fold++)
        {
            if (onlyFold is { } f && f != fold) continue;
            var foldFolder = Path.Combine(Folder, $"fold-{fold}");
            var predictionsPath = Path.Combine(foldFolder, "predictions.csv");
            if (File.Exists(predictionsPath)) { foldIndex++; continue; }
            var (train, validation, test) = Split(all, folds, fold);
            var trainer = new FoldTrainer(Config, cache, foldFolder, fold, device);
            int baseBatches = foldIndex * Config.Epochs * Math.Max(1, batchesPerEpoch);
            var relay = new Relay(progress, writer, fold);
            var state = trainer.Train(train, validation, relay, () => watch.Elapsed, (epoch, batch) =>
            {
                int done = baseBatches + epoch * batchesPerEpoch + batch;
                doneBatches = Math.Max(doneBatches, done);
                return doneBatches == 0 ? TimeSpan.Zero : watch.Elapsed / doneBatches * Math.Max(0, totalBatches - doneBatches);
            }, cancel);
            var probabilities = trainer.PredictWithBest(test);
            EvaluationReport.WritePredictions(predictionsPath, test.Select((s, i) => new OutOfFoldPrediction(s.ImageId, fold, s.Label, probabilities[i])));
            progress?.Report(new FoldFinished(new TrainingProgress(fold, Config.Folds, state.EpochsDone - 1, Config.Epochs, 0, 0, 0, watch.Elapsed, TimeSpan.Zero, state.BestAuc),
                state.BestEpoch, state.BestAuc, SafeAuc(probabilities, test), test.Count));
            foldIndex++;
        }
        return Evaluate();
    }

    /// <summary>
    /// Grad-CAM of one image with the model of the fold that held it out (best weights): the heatmap over the cached
    /// image, its probability, and both as PNG bytes (the film, and the film with the heatmap).
    /// </summary>
    public (float[] Heatmap, double Probability, byte[] Image) GradCamOf(string imageId)
    {
        var folds = FoldAssignment.Read(Path.Combine(Folder, "folds.csv"));
        if (!folds.Folds.TryGetValue(imageId, out int fold)) throw new ArgumentException($"{imageId} is not in this run's folds");
        var clean = MetadataTable.ReadCsv(Path.Combine(Folder, "clean.csv"));
        var row = clean.Rows.First(r => r.ImageId == imageId);
        using var cache = RefinedCache.Open(Info.RefinedCache);
        var entry = cache.Find(imageId) ?? throw new InvalidDataException($"{imageId} is not in {cache.Folder}");
        var pixels = new byte[cache.Size * cache.Size];
        cache.ReadImage(entry, pixels);
        var device = TorchDevice.Select(Config.Device == "auto" ? null : Config.Device);
        using var model = FoldTrainer.CreateModel(Config, fold, device);
        model.load(Path.Combine(Folder, $"fold-{fold}", "best.weights"));
        using var scope = NewDisposeScope();
        var image = FoldTrainer.Normalize(tensor(pixels.Select(b => b / 255f).ToArray(), [1, 1, cache.Size, cache.Size]).to(device));
        var metadata = tensor(MetadataEncoding.Encode(row), [1, MetadataEncoding.Width]).to(device);
        var (heat, probability) = Modeling.GradCam.Compute(model, image, metadata);
        return (heat, probability, pixels);
    }

    /// <summary>Pools the folds' predictions and writes the evaluation; null while a fold is missing.</summary>
    public EvaluationReport? Evaluate()
    {
        var parts = Enumerable.Range(0, Config.Folds).Select(f => Path.Combine(Folder, $"fold-{f}", "predictions.csv")).ToList();
        if (!parts.All(File.Exists)) return null;
        var predictions = parts.SelectMany(EvaluationReport.ReadPredictions).OrderBy(p => p.Fold).ThenBy(p => p.ImageId, StringComparer.Ordinal).ToList();
        EvaluationReport.WritePredictions(PredictionsPath, predictions);
        var report = EvaluationReport.Compute(predictions, seed: Config.Seed);
        report.Write(Folder);
        return report;
    }

    /// <summary>
    /// Fold <paramref name="fold"/> is the test set; the other folds are split (stratified, seeded) into training and
    /// an inner validation set used only for early stopping.
    /// </summary>
    public (List<TrainingSample> Train, List<TrainingSample> Validation, List<TrainingSample> Test) Split(IReadOnlyList<TrainingSample> all, FoldAssignment folds, int fold)
    {
        var test = all.Where(s => folds.Folds[s.ImageId] == fold).ToList();
        var rest = all.Where(s => folds.Folds[s.ImageId] != fold).ToList();
        var rng = new Random(FoldTrainer.Seed(Config.Seed, fold, -3, -3));
        var validation = new List<TrainingSample>();
        foreach (var cls in rest.GroupBy(s => s.Label).OrderBy(g => g.Key))
        {
            var items = cls.ToArray();
            rng.Shuffle(items);
            validation.AddRange(items.Take(Math.Max(1, (int)Math.Round(items.Length * Config.InnerValidationShare))));
        }
        var inValidation = validation.Select(s => s.ImageId).ToHashSet(StringComparer.Ordinal);
        return (rest.Where(s => !inValidation.Contains(s.ImageId)).ToList(), validation, test);
    }

    private static double SafeAuc(double[] p, IReadOnlyList<TrainingSample> s)
    {
        return MetricWarnings.AucOrNaN(p, s.Select(x => x.Label).ToArray(), "out-of-fold");
    }

    private static string GitCommit()
    {
        try
        {
            string Git(string args)
            {
                var psi = new ProcessStartInfo("git", args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var p = Process.Start(psi)!;
                var output = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit();
                return p.ExitCode == 0 ? output : "";
            }
            var commit = Git("rev-parse HEAD");
            if (commit.Length == 0) return "unknown";
            return Git("status --porcelain --untracked-files=no").Length > 0 ? commit + "-dirty" : commit;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    /// <summary>Passes progress on and writes each epoch's summary to TensorBoard.</summary>
    private sealed class Relay(IProgress<TrainingProgress>? inner, TorchSharp.Modules.SummaryWriter writer, int fold) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value is EpochFinished epoch)
            {
                writer.add_scalar($"fold{fold}/train_loss", (float)epoch.Record.TrainLoss, epoch.Epoch + 1);
                writer.add_scalar($"fold{fold}/validation_auc", (float)epoch.Record.ValidationAuc, epoch.Epoch + 1);
            }
            inner?.Report(value);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pneumo.Compute;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;
using Pneumo.Modeling;
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
/// <param name="DataRoot">The dataset root the clean table came from (null in runs made before it was recorded).</param>
/// <param name="CleanTableDigest">SHA-256 of the run's clean table (<c>clean.csv</c>): which data, exactly.</param>
/// <param name="Cpu">The processor (name, family, model; null in runs made before it was recorded).</param>
/// <param name="CpuCapability">ATen's CPU capability and any instruction-set overrides (<see cref="Compute.CpuCapability"/>):
/// results differ in the last bits between instruction sets.</param>
public sealed record RunInfo(string Id, DateTime Created, string GitCommit, string Device, string RefinedCache, string Machine,
    string? DataRoot = null, string? CleanTableDigest = null, string? Cpu = null, string? CpuCapability = null);

/// <summary>
/// An experiment folder <c>results/runs/&lt;run-id&gt;/</c>: <c>config.json</c> (all parameters, seed, git commit,
/// device), the inputs copied in (<c>clean.csv</c>, <c>folds.csv</c>), per fold its checkpoints, <c>epochs.csv</c> and
/// predictions, then <c>oof-predictions.csv</c>, the evaluation files and TensorBoard event files. Runs never overwrite
/// each other; an interrupted run is resumed from its folder.
/// </summary>
public sealed class ExperimentRun
{
    private ExperimentRun(string folder, TrainingConfig config, RunInfo info, IReadOnlyDictionary<string, string> recordedParameters)
    {
        Folder = folder;
        Config = config;
        Info = info;
        RecordedParameters = recordedParameters;
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
    /// <param name="dataRoot">The dataset root (recorded in config.json).</param>
    public static ExperimentRun Create(string runsRoot, TrainingConfig config, MetadataTable clean, FoldAssignment folds, string refinedFolder,
        IReadOnlyDictionary<string, object?>? changedParameters = null, string? dataRoot = null)
    {
        config.Validate();
        WeightsReport? initWeights = null;
        if (config.InitWeights.Length > 0)
        {
            // checked before any folder is made: a file that does not fit fails here, in one line
            config = config with { InitWeights = Path.GetFullPath(config.InitWeights), InitWeightsSha256 = Modeling.PretrainedWeights.Sha256(config.InitWeights) };
            using var probe = FoldTrainer.CreateModel(config with { Device = "cpu" }, 0, torch.CPU);
            initWeights = FoldTrainer.InitializeBackbone(probe, config);
        }
        Directory.CreateDirectory(runsRoot);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string id = $"{stamp}-{config.Model}-s{config.Seed}", folder = Path.Combine(runsRoot, id);
        for (int k = 2; Directory.Exists(folder); k++) folder = Path.Combine(runsRoot, id = $"{stamp}-{config.Model}-s{config.Seed}-{k}");
        Directory.CreateDirectory(folder);
        var device = TorchDevice.Select(config.Device == "auto" ? null : config.Device);
        var cleanPath = Path.Combine(folder, "clean.csv");
        clean.WriteCsv(cleanPath);
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(cleanPath))).ToLowerInvariant();
        var info = new RunInfo(id, DateTime.UtcNow, GitCommit(), TorchDevice.Describe(device), Path.GetFullPath(refinedFolder),
            $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores",
            dataRoot is null ? null : Path.GetFullPath(dataRoot), digest, Compute.CpuCapability.Current.Model, Compute.CpuCapability.Current.Capability);
        folds.Write(Path.Combine(folder, "folds.csv"));
        AtomicFile.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(new
        {
            config, run = info, changedParameters = changedParameters ?? new Dictionary<string, object?>(),
            initWeights = initWeights is null ? null : new { file = initWeights.File, sha256 = initWeights.Sha256, loaded = initWeights.Loaded, missing = initWeights.Missing, unexpected = initWeights.Unexpected, summedInputChannels = initWeights.SummedInputChannels },
        }, TrainingConfig.Json));
        var recorded = (changedParameters ?? new Dictionary<string, object?>()).ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value).ToString(), StringComparer.Ordinal);
        return new ExperimentRun(folder, config, info, recorded) { InitWeightsReport = initWeights };
    }

    /// <summary>What loading the pretrained weights did, when the run was created with some (this process only).</summary>
    public WeightsReport? InitWeightsReport { get; private init; }

    /// <summary>Opens an existing run folder (to resume or evaluate it).</summary>
    public static ExperimentRun Open(string folder)
    {
        var path = Path.Combine(folder, "config.json");
        if (!IsRunFolder(folder)) throw new DirectoryNotFoundException($"{folder}: not a run folder (no config.json)");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var configElement = doc.RootElement.GetProperty("config");
        var config = configElement.Deserialize<TrainingConfig>(TrainingConfig.Json)!;
        // runs made before these settings existed trained without them (their models have no mask head, for one)
        if (!configElement.TryGetProperty("maskLossWeight", out _)) config = config with { MaskLossWeight = 0 };
        if (!configElement.TryGetProperty("positiveShare", out _)) config = config with { PositiveShare = 0 };
        if (!configElement.TryGetProperty("preciseBatchNorm", out _)) config = config with { PreciseBatchNorm = false };
        if (!configElement.TryGetProperty("wires", out _)) config = config with { Wires = 0 };
        var info = doc.RootElement.GetProperty("run").Deserialize<RunInfo>(TrainingConfig.Json)!;
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        if (doc.RootElement.TryGetProperty("changedParameters", out var changed) && changed.ValueKind == JsonValueKind.Object)
            foreach (var p in changed.EnumerateObject()) recorded[p.Name] = p.Value.ToString();
        return new ExperimentRun(Path.GetFullPath(folder), config, info, recorded);
    }

    /// <summary>Path of the out-of-fold predictions of all folds.</summary>
    public string PredictionsPath => Path.Combine(Folder, "oof-predictions.csv");

    /// <summary>The folder of fold <paramref name="fold"/> (state, checkpoints, best weights, epochs, predictions).</summary>
    public string FoldFolder(int fold) => Path.Combine(Folder, $"fold-{fold}");

    internal string FoldPredictionsPath(int fold) => Path.Combine(FoldFolder(fold), "predictions.csv");
    /// <summary>The inner-validation predictions of a fold's best model: what its calibration and thresholds are fitted on.</summary>
    internal string ValidationPredictionsPath(int fold) => Path.Combine(FoldFolder(fold), "validation-predictions.csv");

    /// <summary>True when <paramref name="folder"/> is a run folder (it holds config.json).</summary>
    public static bool IsRunFolder(string folder) => File.Exists(Path.Combine(folder, "config.json"));

    /// <summary>Folds without out-of-fold predictions yet.</summary>
    public IReadOnlyList<int> MissingFolds => Enumerable.Range(0, Config.Folds).Where(f => !File.Exists(FoldPredictionsPath(f))).ToList();

    /// <summary>Folds whose out-of-fold predictions are written.</summary>
    public int FoldsDone => Enumerable.Range(0, Config.Folds).Count(f => File.Exists(FoldPredictionsPath(f)));

    /// <summary>True when every fold is done and the evaluation is written.</summary>
    public bool IsFinished => FoldsDone == Config.Folds && File.Exists(Path.Combine(Folder, "metrics.json"));

    /// <summary>The pooled out-of-fold predictions.</summary>
    public IReadOnlyList<OutOfFoldPrediction> ReadPredictions() => EvaluationReport.ReadPredictions(PredictionsPath);

    /// <summary>The saved evaluation (not recomputed), or null before it is written.</summary>
    public EvaluationReport? ReadReport() => IsFinished ? EvaluationReport.Read(Folder, ReadPredictions()) : null;

    /// <summary>Every fold's epochs so far (from its state), in fold order.</summary>
    public IReadOnlyList<(int Fold, IReadOnlyList<EpochRecord> Epochs)> EpochHistories() =>
        Enumerable.Range(0, Config.Folds).Where(f => Directory.Exists(FoldFolder(f)))
            .Select(f => (f, FoldState.Load(FoldTrainer.StatePathIn(FoldFolder(f))).History)).ToList();

    /// <summary>The best model of each fold, loaded once each on first use, for Grad-CAM of out-of-fold images.</summary>
    public RunModels OpenModels() => new(this);

    /// <summary>The clean table and folds the run was trained on.</summary>
    internal (MetadataTable Clean, FoldAssignment Folds) Inputs() => (ReadCleanTable(), ReadFolds());

    /// <summary>The run's copy of the clean table.</summary>
    public MetadataTable ReadCleanTable() => MetadataTable.ReadCsv(Path.Combine(Folder, "clean.csv"));

    /// <summary>The run's copy of the split.</summary>
    public FoldAssignment ReadFolds() => FoldAssignment.Read(FoldsPath);

    private string FoldsPath => Path.Combine(Folder, "folds.csv");

    /// <summary>True when <paramref name="other"/> was trained on the same clean table and the identical split.</summary>
    public bool HasTheSameSplitAs(ExperimentRun other) =>
        other.Info.CleanTableDigest == Info.CleanTableDigest && File.ReadAllBytes(other.FoldsPath).AsSpan().SequenceEqual(File.ReadAllBytes(FoldsPath));

    /// <summary>
    /// True when <paramref name="other"/> is this run's counterpart with and without metadata fusion: the same split
    /// (identical <c>folds.csv</c>), the same data and every parameter the same but <see cref="TrainingConfig.UseMetadata"/>.
    /// </summary>
    public bool IsFusionCounterpartOf(ExperimentRun other) =>
        other.Config.UseMetadata != Config.UseMetadata
        && other.Config with { UseMetadata = Config.UseMetadata, Device = Config.Device, Threads = Config.Threads } == Config
        && HasTheSameSplitAs(other);

    /// <summary>The best weights of fold <paramref name="fold"/>.</summary>
    internal string BestWeightsPath(int fold) => FoldTrainer.BestWeightsIn(FoldFolder(fold));

    /// <summary>The study parameters that differed from their defaults when the run was created (name → value), from config.json.</summary>
    public IReadOnlyDictionary<string, string> RecordedParameters { get; }

    /// <summary>The saved figures of the evaluation (no predictions read), or null before it is written.</summary>
    public SavedMetrics? ReadSavedMetrics() => IsFinished ? SavedMetrics.Read(Folder) : null;

    /// <summary>The run's clean table, split and training samples (every split image, found in <paramref name="cache"/>).</summary>
    /// <exception cref="DataFileException">The cache has another size, or lacks an image of the clean table.</exception>
    public (MetadataTable Clean, FoldAssignment Folds, List<TrainingSample> All) TrainingSamples(RefinedCache cache)
    {
        var (clean, folds) = Inputs();
        if (cache.Size != Config.ImageSize)
            throw new DataFileException($"{cache.Folder}: cache images are {cache.Size} px but the run wants {Config.ImageSize}");
        var samples = clean.Rows.Where(r => folds.Folds.ContainsKey(r.ImageId)).Select(r => (Row: r, Entry: cache.Find(r.ImageId))).ToList();
        var missing = samples.Where(s => s.Entry is null).Select(s => s.Row.ImageId).ToList();
        if (missing.Count > 0) throw new DataFileException($"{cache.Folder}: {missing.Count} image(s) of the clean table are not cached (first: {missing[0]}); run `pneumo preprocess`");
        return (clean, folds, samples.Select(s => new TrainingSample(s.Row.ImageId, s.Entry!, s.Row.Label ?? 0, MetadataEncoding.Encode(s.Row))).ToList());
    }

    /// <summary>
    /// Trains every fold (or only <paramref name="onlyFold"/>), resuming whatever is already done, then writes the
    /// out-of-fold predictions and the evaluation when all folds are complete. Returns the report, or null when folds
    /// remain.
    /// </summary>
    public EvaluationReport? Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default, int? onlyFold = null)
    {
        if (Config.Task != "classification") throw new InvalidOperationException($"{Folder}: a {Config.Task} run (train it with Pneumo.Segmentation.SegmentationRun)");
        var device = TorchDevice.Select(Config.Device == "auto" ? null : Config.Device);
        torch.set_num_threads(Config.Threads > 0 ? Config.Threads : Environment.ProcessorCount);
        using var cache = RefinedCache.Open(Info.RefinedCache);
        var (_, folds, all) = TrainingSamples(cache);

        var writer = torch.utils.tensorboard.SummaryWriter(Path.Combine(Folder, "tensorboard"));
        var watch = Stopwatch.StartNew();
        int foldsToRun = onlyFold is null ? Config.Folds : 1;
        int batchesPerEpoch = (int)Math.Ceiling(all.Count * (1 - 1.0 / Config.Folds) * (1 - Config.InnerValidationShare) / Config.BatchSize);
        int totalBatches = foldsToRun * Config.Epochs * Math.Max(1, batchesPerEpoch), doneBatches = 0, foldIndex = 0;

        for (int fold = 0; fold < Config.Folds; fold++)
        {
            if (onlyFold is { } f && f != fold) continue;
            var foldFolder = FoldFolder(fold);
            var predictionsPath = FoldPredictionsPath(fold);
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
            var logits = trainer.PredictWithBest(validation, test);
            EvaluationReport.WritePredictions(ValidationPredictionsPath(fold), validation.Select((s, i) => OutOfFoldPrediction.FromLogit(s.ImageId, fold, s.Label, logits[0][i])));
            EvaluationReport.WritePredictions(predictionsPath, test.Select((s, i) => OutOfFoldPrediction.FromLogit(s.ImageId, fold, s.Label, logits[1][i])));
            var probabilities = logits[1];
            progress?.Report(new FoldFinished(new TrainingProgress(fold, Config.Folds, state.EpochsDone - 1, Config.Epochs, 0, 0, 0, watch.Elapsed, TimeSpan.Zero, state.BestAuc),
                state.BestEpoch, state.BestAuc, SafeAuc(probabilities, test), test.Count, FoldDiagnostics.Check(fold, state.History)));
            foldIndex++;
        }
        return Evaluate();
    }

    /// <summary>
    /// Grad-CAM of one image with the model of the fold that held it out (best weights): the heatmap over the cached
    /// image, its probability, and the cached image. For several images use <see cref="OpenModels"/>, which loads each
    /// fold's model once.
    /// </summary>
    public (float[] Heatmap, double Probability, byte[] Image) GradCamOf(string imageId)
    {
        using var models = OpenModels();
        return models.GradCam(imageId);
    }

    /// <summary>
    /// Pools the folds' predictions and writes the evaluation; null while a fold is missing, unless
    /// <paramref name="partial"/>: then whatever folds are done are pooled, with a warning naming the missing ones
    /// (folds trained as separate jobs, <c>./pneumo evaluate</c>). Each fold's Platt scaling
    /// and thresholds are fitted on its inner-validation predictions and applied to its out-of-fold ones; the baselines
    /// are fitted on the same folds; Grad-CAM of the out-of-fold true positives is checked against their masks (skip it
    /// with <paramref name="localize"/> false); every fold's training is checked for failure (<see cref="FoldDiagnostics"/>).
    /// </summary>
    public EvaluationReport? Evaluate(bool localize = true, bool partial = false)
    {
        if (Config.Task != "classification") throw new InvalidOperationException($"{Folder}: a {Config.Task} run (evaluate it with Pneumo.Segmentation.SegmentationRun)");
        var missingFolds = MissingFolds;
        if (missingFolds.Count == Config.Folds || (missingFolds.Count > 0 && !partial)) return null;
        var parts = Enumerable.Range(0, Config.Folds).Where(f => !missingFolds.Contains(f)).Select(FoldPredictionsPath).ToList();
        var raw = parts.SelectMany(EvaluationReport.ReadPredictions).OrderBy(p => p.Fold).ThenBy(p => p.ImageId, StringComparer.Ordinal).ToList();
        var validation = Enumerable.Range(0, Config.Folds).Where(f => File.Exists(ValidationPredictionsPath(f)))
            .ToDictionary(f => f, f => EvaluationReport.ReadPredictions(ValidationPredictionsPath(f)));
        var (predictions, calibrations) = FoldCalibration.Apply(raw, validation);
        EvaluationReport.WritePredictions(PredictionsPath, predictions);
        var report = EvaluationReport.Compute(predictions, seed: Config.Seed);
        var labels = predictions.Select(p => p.Label).ToArray();
        var uncalibrated = predictions.Select(p => p.UncalibratedProbability).ToArray();
        var uncalibratedTable = CalibrationTable.Compute(uncalibrated, labels);
        var byFold = calibrations.ToDictionary(c => c.Fold);
        bool calibrated = calibrations.Any(c => c.ValidationImages > 0);
        var warnings = (missingFolds.Count == 0 ? [] : new[] { $"folds {string.Join(", ", missingFolds)} not trained yet: pooled over {Config.Folds - missingFolds.Count} of {Config.Folds} folds" })
            .Concat(Enumerable.Range(0, Config.Folds).Where(f => !missingFolds.Contains(f)).SelectMany(f => FoldDiagnostics.Check(f, FoldState.Load(FoldTrainer.StatePathIn(FoldFolder(f))).History)))
            .Concat(report.Folds.Where(f => f.Auc < FoldDiagnostics.NearChanceAuc).Select(f => FormattableString.Invariant($"fold {f.Fold}: out-of-fold AUC {f.Auc:F3} is near chance")))
            .ToList();
        foreach (var w in warnings) MetricWarnings.Report(w);
        report = report with
        {
            Folds = report.Folds.Select(f => byFold.TryGetValue(f.Fold, out var c) && c.ValidationImages > 0
                ? f with { Temperature = c.Scaling.Temperature, CalibrationBias = c.Scaling.Bias, YoudenThreshold = c.YoudenThreshold, Specificity90Threshold = c.Specificity90Threshold }
                : f).ToList(),
            Warnings = warnings,
            AucUncalibrated = RocCurve.AreaUnder(uncalibrated, labels),
            ExpectedCalibrationErrorUncalibrated = CalibrationTable.ExpectedCalibrationError(uncalibratedTable),
            CalibrationUncalibrated = uncalibratedTable,
            AtYoudenInnerValidation = calibrated ? FoldCalibration.Pooled(predictions, calibrations, c => c.YoudenThreshold) : null,
            AtSpecificity90InnerValidation = calibrated ? FoldCalibration.Pooled(predictions, calibrations, c => c.Specificity90Threshold) : null,
        };
        var (clean, folds) = Inputs();
        using (var cache = RefinedCache.Open(Info.RefinedCache))
        {
            var rows = clean.Rows.ToDictionary(r => r.ImageId, StringComparer.Ordinal);
            var samples = predictions.Select(p => new Baselines.BaselineSample(p.ImageId, p.Label, p.Fold,
                cache.Find(p.ImageId) ?? throw new DataFileException($"{cache.Folder}: {p.ImageId} is not cached"), MetadataEncoding.Encode(rows[p.ImageId]))).ToList();
            double pooledYouden = report.AtYouden.Threshold;
            report = report with
            {
                Baselines = Baselines.SimpleBaselines.Compute(cache, samples, Config.Seed, predictions.Select(p => p.Probability).ToList()),
                Subgroups = SubgroupAnalysis.Compute(predictions, rows,
                    p => calibrated && byFold.TryGetValue(p.Fold, out var c) && !double.IsNaN(c.YoudenThreshold) ? c.YoudenThreshold : pooledYouden, Config.Seed),
            };
            if (localize && calibrated)
            {
                var hits = predictions.Where(p => p.Label == 1 && p.Probability >= byFold[p.Fold].YoudenThreshold).Select(p => p.ImageId).ToList();
                report = report with { Localization = Localize(cache, hits) };
            }
        }
        report.Write(Folder);
        return report;
    }

    /// <summary>The pointing game and mass-in-mask of the Grad-CAM of <paramref name="imageIds"/> (each with its fold's model).</summary>
    private LocalizationResult Localize(RefinedCache cache, IReadOnlyList<string> imageIds)
    {
        int tolerance = GradCamLocalization.ToleranceFor(cache.Size), hits = 0;
        double mass = 0;
        using var models = OpenModels();
        var maskPixels = new byte[cache.Size * cache.Size];
        foreach (var id in imageIds)
        {
            var (heat, _, _) = models.GradCam(id);
            cache.ReadMask(cache.Find(id)!, maskPixels);
            var region = GradCamLocalization.Dilate(new Masks.BinaryMask(cache.Size, cache.Size, (byte[])maskPixels.Clone()), tolerance);
            if (GradCamLocalization.PointsInside(heat, region)) hits++;
            mass += GradCamLocalization.MassInside(heat, region);
        }
        return new LocalizationResult(imageIds.Count, imageIds.Count == 0 ? double.NaN : (double)hits / imageIds.Count,
            imageIds.Count == 0 ? double.NaN : mass / imageIds.Count, tolerance);
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

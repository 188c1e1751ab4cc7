using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pneumo.Compute;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;
using Pneumo.Modeling;
using Pneumo.Training;
using TorchSharp;
using Pneumo.IO;

namespace Pneumo.Runs;

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
/// An experiment folder <c>results/runs/&lt;run-id&gt;/</c> with its provenance: <c>config.json</c> (all parameters,
/// seed, git commit, device, data digest), the inputs copied in (<c>clean.csv</c>, <c>folds.csv</c>), then what its task
/// trains per fold and evaluates (files named by <see cref="RunLayout"/>). Runs never overwrite each other; an
/// interrupted run is resumed from its folder. <see cref="RunCatalog"/> finds them.
/// </summary>
public sealed class ExperimentRun
{
    private ExperimentRun(string folder, TrainingConfig config, RunInfo info, IReadOnlyDictionary<string, string> recordedParameters)
    {
        Layout = new RunLayout(folder);
        Config = config;
        Info = info;
        RecordedParameters = recordedParameters;
    }

    /// <summary>The run folder.</summary>
    public string Folder => Layout.Folder;
    /// <summary>Its files.</summary>
    public RunLayout Layout { get; }
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
        var layout = new RunLayout(folder);
        var cleanPath = layout.CleanTable;
        clean.WriteCsv(cleanPath);
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(cleanPath))).ToLowerInvariant();
        var info = new RunInfo(id, DateTime.UtcNow, GitCommit(), TorchDevice.Describe(device), Path.GetFullPath(refinedFolder),
            $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores",
            dataRoot is null ? null : Path.GetFullPath(dataRoot), digest, Compute.CpuCapability.Current.Model, Compute.CpuCapability.Current.Capability);
        folds.Write(layout.Folds);
        AtomicFile.WriteAllText(layout.Config, JsonSerializer.Serialize(new
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
        var path = new RunLayout(folder).Config;
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
    public string PredictionsPath => Layout.Predictions;

    /// <summary>The folder of fold <paramref name="fold"/> (state, checkpoints, best weights, epochs, predictions).</summary>
    public string FoldFolder(int fold) => Layout.Fold(fold).Folder;

    /// <summary>True when <paramref name="folder"/> is a run folder (it holds config.json).</summary>
    public static bool IsRunFolder(string folder) => File.Exists(new RunLayout(folder).Config);

    /// <summary>Folds without out-of-fold predictions yet.</summary>
    public IReadOnlyList<int> MissingFolds => Enumerable.Range(0, Config.Folds).Where(f => !File.Exists(Layout.Fold(f).Predictions)).ToList();

    /// <summary>Folds whose out-of-fold predictions are written.</summary>
    public int FoldsDone => Enumerable.Range(0, Config.Folds).Count(f => File.Exists(Layout.Fold(f).Predictions));

    /// <summary>True when every fold is done and the evaluation of the run's task is written.</summary>
    public bool IsFinished => FinishedMetrics() is not null;

    /// <summary>The run's <c>metrics.json</c>, or null before it is written.</summary>
    public MetricsFile? ReadMetrics() => MetricsFile.Read(Layout.Metrics);

    /// <summary>The evaluation of the run's task when every fold is done and it is written (read once); else null.</summary>
    public MetricsFile? FinishedMetrics() => FoldsDone == Config.Folds && ReadMetrics() is { } metrics && metrics.Task == Config.Task ? metrics : null;

    /// <summary>The pooled out-of-fold predictions.</summary>
    public IReadOnlyList<OutOfFoldPrediction> ReadPredictions() => EvaluationReport.ReadPredictions(PredictionsPath);

    /// <summary>The saved evaluation (not recomputed), or null before it is written.</summary>
    public EvaluationReport? ReadReport() => ReadSavedMetrics() is { } saved ? ClassificationEvaluation.Read(saved, ReadPredictions()) : null;

    /// <summary>Every fold's epochs so far (from its state), in fold order.</summary>
    public IReadOnlyList<(int Fold, IReadOnlyList<EpochRecord> Epochs)> EpochHistories() =>
        Enumerable.Range(0, Config.Folds).Where(f => Directory.Exists(FoldFolder(f)))
            .Select(f => (f, FoldState.Load(Layout.Fold(f).Training(Config.Task).State).History)).ToList();

    /// <summary>The best model of each fold, loaded once each on first use, for Grad-CAM of out-of-fold images.</summary>
    public RunModels OpenModels() => new(this);

    /// <summary>The clean table and folds the run was trained on.</summary>
    internal (MetadataTable Clean, FoldAssignment Folds) Inputs() => (ReadCleanTable(), ReadFolds());

    /// <summary>The run's copy of the clean table.</summary>
    public MetadataTable ReadCleanTable() => MetadataTable.ReadCsv(Layout.CleanTable);

    /// <summary>The run's copy of the split.</summary>
    public FoldAssignment ReadFolds() => FoldAssignment.Read(Layout.Folds);

    /// <summary>True when <paramref name="other"/> was trained on the same clean table and the identical split.</summary>
    public bool HasTheSameSplitAs(ExperimentRun other) =>
        other.Info.CleanTableDigest == Info.CleanTableDigest && File.ReadAllBytes(other.Layout.Folds).AsSpan().SequenceEqual(File.ReadAllBytes(Layout.Folds));

    /// <summary>
    /// True when <paramref name="other"/> is this run's counterpart with and without metadata fusion: the same split
    /// (identical <c>folds.csv</c>), the same data and every parameter the same but <see cref="TrainingConfig.UseMetadata"/>.
    /// </summary>
    public bool IsFusionCounterpartOf(ExperimentRun other) =>
        other.Config.UseMetadata != Config.UseMetadata
        && other.Config with { UseMetadata = Config.UseMetadata, Device = Config.Device, Threads = Config.Threads } == Config
        && HasTheSameSplitAs(other);

    /// <summary>The best weights of fold <paramref name="fold"/>.</summary>
    internal string BestWeightsPath(int fold) => Layout.Fold(fold).Training(Config.Task).BestWeights;

    /// <summary>The study parameters that differed from their defaults when the run was created (name → value), from config.json.</summary>
    public IReadOnlyDictionary<string, string> RecordedParameters { get; }

    /// <summary>The saved figures of the evaluation (no predictions read), or null before it is written.</summary>
    public SavedMetrics? ReadSavedMetrics() => FinishedMetrics() is ClassificationMetrics metrics ? metrics.ToSavedMetrics() : null;

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
    /// Trains every fold of this classification run (or only <paramref name="onlyFold"/>), resuming whatever is already
    /// done, then writes the out-of-fold predictions and the evaluation when all folds are complete. Returns the report,
    /// or null when folds remain.
    /// </summary>
    public EvaluationReport? Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default, int? onlyFold = null)
    {
        return FoldLoop.Run(this, new ClassificationFold(), progress, cancel, onlyFold) ? Evaluate() : null;
    }

    /// <summary>
    /// Runs <paramref name="train"/> (this run's training); an interruption through <paramref name="cancel"/> becomes an
    /// <see cref="OperationCanceledException"/> that says where every finished epoch is and the command that resumes it.
    /// </summary>
    public T Resumably<T>(Func<T> train, CancellationToken cancel)
    {
        try
        {
            return train();
        }
        catch (OperationCanceledException ex) when (cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException($"training was interrupted; every finished epoch is checkpointed in {Folder}. Resume with: ./pneumo train --resume {Folder}", ex, cancel);
        }
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

    /// <summary>The classification evaluation of this run (<see cref="ClassificationEvaluation.Evaluate"/>).</summary>
    public EvaluationReport? Evaluate(bool localize = true, bool partial = false) => ClassificationEvaluation.Evaluate(this, localize, partial);

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
}

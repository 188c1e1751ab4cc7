using System.Globalization;
using System.Text;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;
using Pneumo.Runs;
using Pneumo.Synthesis;
using Pneumo.Training;
using Pneumo.IO;

namespace Pneumo.Workbook;

/// <summary>
/// The study's stages in order, each reading the previous stage's files from disk so any stage can run alone:
/// data (the synthetic sample when none is configured) → cleaning → folds → preprocessing → training → evaluation.
/// </summary>
public sealed class Study(WorkbookSettings settings)
{
    /// <summary>The settings.</summary>
    public WorkbookSettings Settings { get; } = settings;

    private SiimDataset? _dataset;
    private LabelFile? _labels;
    private MetadataTable? _metadata;

    /// <summary>
    /// Makes sure the data root exists. For the synthetic sample: its folder is named by its parameters (count, size,
    /// sample seed, generator version); it is generated when missing, and generated again when its record
    /// (<c>synthetic-record.json</c>, the parameters it was made with) does not match, e.g. after an interrupted run.
    /// Generation writes to a <c>.partial</c> folder that replaces the sample only when complete.
    /// </summary>
    public SiimDataset EnsureData(IProgress<WorkProgress>? progress = null)
    {
        var s = Settings;
        if (s.UsesSyntheticSample && !SampleIsCurrent(s.DataRoot, s.SampleOptions))
        {
            var partial = s.DataRoot + ".partial";
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            SyntheticDataset.Generate(partial, s.SampleOptions, progress);
            if (Directory.Exists(s.DataRoot)) Directory.Delete(s.DataRoot, recursive: true);
            Directory.Move(partial, s.DataRoot);
            (_dataset, _labels, _metadata) = (null, null, null);
        }
        return Dataset;
    }

    private static bool SampleIsCurrent(string root, SyntheticOptions options)
    {
        var path = Path.Combine(root, SyntheticRecord.FileName);
        if (!File.Exists(path)) return false;
        try { return SyntheticRecord.Load(root).Matches(options); }
        catch (System.Text.Json.JsonException) { return false; }
    }

    /// <summary>The dataset (its folder enumerated once per study).</summary>
    public SiimDataset Dataset => _dataset ??= SiimDataset.Open(Settings.DataRoot);

    /// <summary>The label file (parsed once per study; each mask decoded once).</summary>
    public LabelFile Labels => _labels ??= Dataset.ReadLabels();

    /// <summary>
    /// The header scan: one header read per DICOM, kept in <c>headers/</c> beside the derived data with a fingerprint of
    /// the files (paths, sizes, times) and the label file, so later notebooks reuse it; scanned again when they change.
    /// </summary>
    public MetadataTable Metadata(IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        if (_metadata is not null) return _metadata;
        var folder = Path.Combine(Settings.DerivedRoot, "headers");
        string table = Path.Combine(folder, "metadata.csv"), unreadable = Path.Combine(folder, "unreadable.csv"), stamp = Path.Combine(folder, "fingerprint.txt");
        var fingerprint = Fingerprint();
        if (File.Exists(stamp) && File.ReadAllText(stamp).Trim() == fingerprint && File.Exists(table) && File.Exists(unreadable))
        {
            var (_, rows) = Tables.Csv.Read(unreadable);
            var saved = MetadataTable.ReadCsv(table);
            return _metadata = new MetadataTable(saved.Rows, rows.Select(r => new UnreadableFile(r[0], r[1], r[2])).ToList());
        }
        var scan = MetadataTable.Scan(Dataset, Labels, progress, cancel);
        Directory.CreateDirectory(folder);
        scan.WriteCsv(table);
        Tables.Csv.Write(unreadable, ["ImageId", "Path", "Reason"], scan.Unreadable.Select(u => new object?[] { u.ImageId, u.Path, u.Reason }));
        AtomicFile.WriteAllText(stamp, fingerprint + "\n");
        return _metadata = scan;
    }

    private string Fingerprint()
    {
        var sb = new StringBuilder();
        foreach (var file in Dataset.DicomFiles.Order(StringComparer.Ordinal).Append(Labels.Path))
        {
            var info = new FileInfo(file);
            sb.Append(Dataset.Relative(file)).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()))).ToLowerInvariant();
    }

    /// <summary>
    /// Cleans and writes the cleaned folder. The pixel check is the refined cache's fill at the study's image size, so
    /// each image is decoded once: a file that fails to decode is an exclusion with its reason, the others are cached.
    /// </summary>
    public CleaningResult Clean(IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var metadata = Metadata(progress, cancel);
        var result = DatasetCleaner.Clean(Dataset, Labels, metadata,
            candidates => RefinedCache.Fill(Dataset, Labels, candidates, Settings.RefinedFolder, Settings.Training.ImageSize, progress, cancel));
        DatasetCleaner.Write(result, Settings.CleanedFolder);
        return result;
    }

    /// <summary>Splits the clean table and writes folds.csv.</summary>
    public FoldAssignment MakeFolds()
    {
        var clean = MetadataTable.ReadCsv(Settings.CleanTable);
        var folds = FoldAssignment.Create(clean.Rows.Select(r => new FoldSample(r.ImageId, r.Label ?? 0, r.PatientKey)).ToList(), Settings.Training.Folds,
            Settings.Training.Seed);
        folds.Write(Settings.FoldsFile);
        return folds;
    }

    /// <summary>Builds (or updates) the refined cache.</summary>
    public RefinedBuildReport Preprocess(IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var report = RefinedCache.Build(Dataset, Labels, MetadataTable.ReadCsv(Settings.CleanTable), Settings.RefinedFolder, Settings.Training.ImageSize,
            progress, cancel);
        if (report.Failures.Count > 0)
            throw new DataFileException($"{report.Failures.Count} image(s) could not be preprocessed; first: {report.Failures[0].ImageId}: {report.Failures[0].Reason}");
        return report;
    }

    /// <summary>The training configuration of these settings.</summary>
    public TrainingConfig TrainingConfig => Settings.Training;

    /// <summary>The study of <paramref name="parameters"/> (a notebook's parameters cell), with data and results in the repository (or <c>PNEUMO_OUTPUT_ROOT</c>).</summary>
    public static Study Open(StudyParameters parameters) => new(WorkbookSettings.From(parameters));

    /// <summary>Creates a new run folder and trains every fold.</summary>
    public (ExperimentRun Run, EvaluationReport Report) Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var run = ExperimentRun.Create(Settings.RunsFolder, TrainingConfig, MetadataTable.ReadCsv(Settings.CleanTable),
            FoldAssignment.Read(Settings.FoldsFile), RefinedCache.FolderFor(Settings.RefinedFolder, Settings.Training.ImageSize),
                Settings.Parameters.Changed(), Settings.DataRoot);
        Runs.MarkTrained(run);
        return (run, run.Resumably(() => run.Train(progress, cancel) ?? throw new DataFileException($"{run.Folder}: folds remain after training"), cancel));
    }

    /// <summary>
    /// The segmentation study (<c>task</c> = segmentation): a new run folder on the same clean table, folds and cache
    /// as the classification, each fold's U-Net trained and scored (<see cref="SegmentationRun"/>).
    /// </summary>
    public (ExperimentRun Run, SegmentationReport Report) TrainSegmentation(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var config = TrainingConfig with { Task = TrainingTask.Segmentation };
        var run = ExperimentRun.Create(Settings.RunsFolder, config, MetadataTable.ReadCsv(Settings.CleanTable),
            FoldAssignment.Read(Settings.FoldsFile), RefinedCache.FolderFor(Settings.RefinedFolder, Settings.Training.ImageSize),
                Settings.Parameters.Changed(), Settings.DataRoot);
        return (run, run.Resumably(() => SegmentationRun.Train(run, progress, cancel)
            ?? throw new DataFileException($"{run.Folder}: folds remain after training"), cancel));
    }

    /// <summary>The newest finished segmentation run (the one notebook 06 shows); null when there is none.</summary>
    public ExperimentRun? LatestSegmentationRun() => Runs.Newest(r => r.Config.Task == TrainingTask.Segmentation && r.IsFinished);

    /// <summary>
    /// The newest finished classification run on the same images and folds as <paramref name="segmentation"/>
    /// (same clean table and folds.csv), to compare image-level AUCs; null when there is none.
    /// </summary>
    public ExperimentRun? ClassifierOnTheSameFolds(ExperimentRun segmentation) =>
        Runs.Newest(r => r.Config.Task == TrainingTask.Classification && r.IsFinished && r.HasTheSameSplitAs(segmentation));

    /// <summary>
    /// Trains <paramref name="run"/>'s counterpart with metadata fusion switched (age, sex and view fused when the run
    /// had none, and the reverse) on the run's own clean table, folds, seed and parameters, into a new run folder.
    /// </summary>
    public (ExperimentRun Run, EvaluationReport Report) TrainFusionCounterpart(ExperimentRun run, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var changed = new Dictionary<string, object?>(Settings.Parameters.Changed()) { ["useMetadata"] = !run.Config.UseMetadata };
        var counterpart = ExperimentRun.Create(Settings.RunsFolder, run.Config with { UseMetadata = !run.Config.UseMetadata }, run.ReadCleanTable(), run.ReadFolds(),
            run.Info.RefinedCache, changed, run.Info.DataRoot);
        return (counterpart, counterpart.Resumably(() => counterpart.Train(progress, cancel)
            ?? throw new DataFileException($"{counterpart.Folder}: folds remain after training"), cancel));
    }

    /// <summary>The newest finished run that is <paramref name="run"/>'s fusion counterpart (<see cref="ExperimentRun.IsFusionCounterpartOf"/>); null when there is none.</summary>
    public ExperimentRun? FusionCounterpartOf(ExperimentRun run) => Runs.Newest(r => r.Folder != run.Folder && r.IsFinished && r.IsFusionCounterpartOf(run));

    /// <summary>
    /// Splits and trains once per seed of the <c>seeds</c> parameter (the data stages are shared), each into its own
    /// run folder, and writes <c>results/seed-summary.md</c>: every seed's folds and pooled AUC, then mean ± sd.
    /// </summary>
    public SeedSummary TrainSeeds(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default, Action<int, ExperimentRun, EvaluationReport>? finished = null)
    {
        var runs = new List<SeedRun>();
        foreach (int seed in Settings.Parameters.SeedList())
        {
            var parameters = Settings.Parameters.Clone();
            parameters.Training = parameters.Training with { Seed = seed };
            parameters.Seeds = "";
            var study = Open(parameters, Settings);
            study.MakeFolds();
            var (run, report) = study.Train(progress, cancel);
            finished?.Invoke(seed, run, report);
            runs.Add(new SeedRun(seed, run.Info.Id, run.ReadSavedMetrics()!));
        }
        var summary = new SeedSummary(runs);
        AtomicFile.WriteAllText(SeedSummaryFile, $"# Seeds{Environment.NewLine}{Environment.NewLine}Seeds `{Settings.Parameters.Seeds}` on {Settings.DataRoot}.{Environment.NewLine}{Environment.NewLine}" + summary.ToMarkdown());
        return summary;
    }

    /// <summary><c>results/seed-summary.md</c>: the last multi-seed study.</summary>
    public string SeedSummaryFile => Path.Combine(Path.GetDirectoryName(Settings.RunsFolder)!, "seed-summary.md");

    private static Study Open(StudyParameters parameters, WorkbookSettings like) => new(like with { Parameters = parameters });

    /// <summary>The study's run folders (<c>results/runs/</c>).</summary>
    public RunCatalog Runs => new(Settings.RunsFolder);

    /// <summary>
    /// The run to show: the one named by the <c>run</c> parameter, else the one this study trained last
    /// (<c>results/runs/last-trained.txt</c>), else the newest run folder; null when there is none.
    /// </summary>
    public string? SelectedRun()
    {
        if (Settings.Parameters.Run is { Length: > 0 } id)
        {
            try { return Runs.Find(id); }
            catch (DirectoryNotFoundException ex) { throw new DirectoryNotFoundException($"{ex.Message} (parameter run='{id}')", ex); }
        }
        return Runs.LastTrained() ?? LatestRun();
    }

    /// <summary>The newest run folder, or null.</summary>
    public string? LatestRun() => Runs.Folders().LastOrDefault(d => ExperimentRun.Open(d).Config.Task == TrainingTask.Classification);

    /// <summary>Writes results/study-summary.md: what ran and what it found.</summary>
    public string WriteSummary(CleaningResult cleaning, FoldAssignment folds, ExperimentRun run, EvaluationReport report, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine("# Study summary").AppendLine();
        sb.AppendLine(string.Create(inv, $"- Data: `{(Settings.UsesSyntheticSample ? $"synthetic sample (data/raw/{Path.GetFileName(Settings.DataRoot)})" : Settings.DataRoot)}`; inputs {cleaning.Inputs} = kept {cleaning.Kept} + excluded {cleaning.ExcludedCount}."));
        sb.AppendLine(string.Create(inv, $"- Folds: {folds.FoldCount}, positives per fold {string.Join(", ", folds.Balance().Select(b => b.Positives))}."));
        sb.AppendLine(string.Create(inv, $"- Run: `results/runs/{run.Info.Id}` (model {run.Config.Model}, {run.Config.ImageSize} px, up to {run.Config.Epochs} epochs, seed {run.Config.Seed}, commit {run.Info.GitCommit}, {run.Info.Device})."));
        sb.AppendLine(string.Create(inv, $"- Pooled out-of-fold ROC AUC **{report.Auc.Estimate:F3}** (95% CI {report.Auc.Lower:F3}–{report.Auc.Upper:F3}), average precision {report.AveragePrecision:F3}."));
        sb.AppendLine(string.Create(inv, $"- At the Youden threshold {report.AtYouden.Threshold:F3}: sensitivity {report.AtYouden.Sensitivity:F3}, specificity {report.AtYouden.Specificity:F3}; at 90% specificity: sensitivity {report.AtSpecificity90.Sensitivity:F3}."));
        sb.AppendLine(string.Create(inv, $"- Wall time {elapsed.TotalMinutes:F1} min on {Environment.ProcessorCount} cores."));
        var path = Path.Combine(Settings.ResultsFolder, "study-summary.md");
        AtomicFile.WriteAllText(path, sb.ToString());
        return path;
    }
}

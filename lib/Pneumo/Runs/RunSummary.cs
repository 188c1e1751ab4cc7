using Pneumo.Training;
using System.Text.Json;
using Pneumo.Metrics;

namespace Pneumo.Runs;

/// <summary>
/// One run folder as the run comparison sees it: provenance, the parameters that differ from the defaults, and the
/// pooled and per-fold results when its evaluation exists (<c>metrics.json</c>); unfinished runs have no results.
/// </summary>
/// <param name="Id">Run id (folder name).</param>
/// <param name="Folder">The run folder.</param>
/// <param name="Created">UTC creation time.</param>
/// <param name="GitCommit">Code commit.</param>
/// <param name="Device">Device it trained on.</param>
/// <param name="Changed">Training parameters that differ from the defaults (name → value).</param>
/// <param name="Finished">True when every fold is evaluated.</param>
/// <param name="FoldsDone">Folds with predictions.</param>
/// <param name="Folds">Folds in all.</param>
/// <param name="Auc">Pooled out-of-fold ROC AUC, or NaN.</param>
/// <param name="AucLower">Lower 95% bound.</param>
/// <param name="AucUpper">Upper 95% bound.</param>
/// <param name="AveragePrecision">Average precision.</param>
/// <param name="CalibrationError">Expected calibration error.</param>
/// <param name="FoldAucs">Out-of-fold AUC of each fold.</param>
/// <param name="StudyParameters">The study parameters that differed from their defaults when it was trained (data, sample and training), as recorded in config.json.</param>
public sealed record RunSummary(string Id, string Folder, DateTime Created, string GitCommit, string Device, IReadOnlyDictionary<string, string> Changed,
    bool Finished, int FoldsDone, int Folds, double Auc, double AucLower, double AucUpper, double AveragePrecision, double CalibrationError, IReadOnlyList<double> FoldAucs,
    IReadOnlyDictionary<string, string> StudyParameters)
{
    /// <summary>The run's task.</summary>
    public TrainingTask Task { get; init; } = TrainingTask.Classification;

    /// <summary>A segmentation run's pooled out-of-fold mean Dice with its CI (null for classification runs and unfinished ones); its <see cref="Auc"/> is the image AUC from the masks.</summary>
    public ConfidenceInterval? Dice { get; init; }

    /// <summary>A segmentation run's mean Dice per fold (empty otherwise).</summary>
    public IReadOnlyList<double> FoldDices { get; init; } = [];

    /// <summary>The out-of-fold predictions of all folds.</summary>
    public string PredictionsPath { get; init; } = "";

    /// <summary>Every run folder under <paramref name="runsRoot"/>, oldest first (<see cref="RunCatalog.Summaries"/>).</summary>
    public static IReadOnlyList<RunSummary> List(string runsRoot) => new RunCatalog(runsRoot).Summaries();

    /// <summary>Reads one run folder.</summary>
    public static RunSummary Read(string folder)
    {
        var run = ExperimentRun.Open(folder);
        var defaults = JsonSerializer.SerializeToElement(new TrainingConfig(), TrainingConfig.Json);
        var actual = JsonSerializer.SerializeToElement(run.Config, TrainingConfig.Json);
        var changed = actual.EnumerateObject().Where(p => defaults.TryGetProperty(p.Name, out var d) && d.ToString() != p.Value.ToString())
            .ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
        int done = run.FoldsDone;
        double auc = double.NaN, lower = double.NaN, upper = double.NaN, ap = double.NaN, ece = double.NaN;
        var foldAucs = new List<double>();
        var metrics = run.FinishedMetrics(); // metrics.json, read once
        bool finished = metrics is not null;
        SegmentationReport? segmentation = null;
        if (metrics is SegmentationMetrics seg)
        {
            segmentation = seg.ToReport();
            (auc, lower, upper) = (seg.Auc, seg.AucLower95, seg.AucUpper95);
            foldAucs.AddRange(segmentation.Folds.Select(f => f.Auc));
        }
        else if (metrics is ClassificationMetrics classification)
        {
            var saved = classification.ToSavedMetrics();
            (auc, lower, upper, ap, ece) = (saved.Auc.Estimate, saved.Auc.Lower, saved.Auc.Upper, saved.AveragePrecision, saved.ExpectedCalibrationError);
            foldAucs.AddRange(saved.Folds.Select(f => f.Auc));
        }
        return new RunSummary(run.Info.Id, run.Folder, run.Info.Created, run.Info.GitCommit, run.Info.Device, changed, finished, done, run.Config.Folds,
            auc, lower, upper, ap, ece, foldAucs, run.RecordedParameters)
        {
            PredictionsPath = run.PredictionsPath, Task = run.Config.Task, Dice = segmentation?.Dice, FoldDices = segmentation?.Folds.Select(f => f.Dice).ToList() ?? [],
        };
    }
}

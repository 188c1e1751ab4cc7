using System.Text.Json;
using Pneumo.Tables;

namespace Pneumo.Metrics;

/// <summary>An out-of-fold prediction.</summary>
/// <param name="ImageId">The image.</param>
/// <param name="Fold">The fold it was held out in.</param>
/// <param name="Label">Truth.</param>
/// <param name="Probability">Predicted probability of pneumothorax (calibrated when the run has calibration).</param>
/// <param name="Logit">The model's logit (NaN in files written before logits were kept).</param>
/// <param name="Uncalibrated">sigmoid(logit): the probability before calibration (NaN when unknown).</param>
public sealed record OutOfFoldPrediction(string ImageId, int Fold, int Label, double Probability, double Logit = double.NaN, double Uncalibrated = double.NaN)
{
    /// <summary>A prediction straight from the model (not yet calibrated).</summary>
    public static OutOfFoldPrediction FromLogit(string imageId, int fold, int label, double logit) =>
        new(imageId, fold, label, PlattScaling.Sigmoid(logit), logit, PlattScaling.Sigmoid(logit));

    /// <summary>The logit, or the log-odds of the probability when the logit was not kept.</summary>
    public double Score => !double.IsNaN(Logit) ? Logit : Math.Log(Math.Max(Probability, 1e-12) / Math.Max(1 - Probability, 1e-12));

    /// <summary>The probability before calibration (the probability itself when it was never calibrated).</summary>
    public double UncalibratedProbability => double.IsNaN(Uncalibrated) ? Probability : Uncalibrated;
}

/// <summary>Per-fold results.</summary>
/// <param name="Fold">Fold (or -1 for the pooled row).</param>
/// <param name="Images">Images.</param>
/// <param name="Positives">Positives.</param>
/// <param name="Auc">ROC AUC.</param>
/// <param name="AveragePrecision">Average precision.</param>
/// <param name="Temperature">Temperature of the fold's calibration (1/scale of its Platt scaling; NaN without calibration).</param>
/// <param name="CalibrationBias">Bias of the fold's Platt scaling.</param>
/// <param name="YoudenThreshold">The fold's Youden threshold, chosen on its inner validation.</param>
/// <param name="Specificity90Threshold">The fold's 90%-specificity threshold, chosen on its inner validation.</param>
public sealed record FoldMetrics(int Fold, int Images, int Positives, double Auc, double AveragePrecision,
    double Temperature = double.NaN, double CalibrationBias = double.NaN, double YoudenThreshold = double.NaN, double Specificity90Threshold = double.NaN);

/// <summary>
/// The honest evaluation of out-of-fold predictions: pooled and per-fold ROC AUC and average precision, a bootstrap
/// 95% CI for the AUC, thresholds chosen on the OOF predictions (Youden; 90% specificity) with their confusion
/// matrices, sensitivity, specificity and F1, and a calibration table.
/// </summary>
public sealed record EvaluationReport(
    ConfidenceInterval Auc, double AveragePrecision, IReadOnlyList<FoldMetrics> Folds,
    ConfusionMatrix AtYouden, ConfusionMatrix AtSpecificity90, IReadOnlyList<CalibrationBin> Calibration, double ExpectedCalibrationError,
    RocCurve Roc, PrecisionRecallCurve PrecisionRecall)
{
    /// <summary>What went wrong in training or evaluation (a fold near chance, a diverging loss), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Pooled AUC of the probabilities before calibration (NaN when unknown).</summary>
    public double AucUncalibrated { get; init; } = double.NaN;
    /// <summary>Expected calibration error before calibration (NaN when unknown).</summary>
    public double ExpectedCalibrationErrorUncalibrated { get; init; } = double.NaN;
    /// <summary>Reliability table before calibration (empty when unknown).</summary>
    public IReadOnlyList<CalibrationBin> CalibrationUncalibrated { get; init; } = [];
    /// <summary>
    /// Pooled out-of-fold outcomes with each fold at the Youden threshold chosen on its own inner validation: the honest
    /// counterpart of <see cref="AtYouden"/>, whose threshold was chosen on the very predictions it is counted on.
    /// </summary>
    public ConfusionMatrix? AtYoudenInnerValidation { get; init; }
    /// <summary>The same for the 90%-specificity threshold.</summary>
    public ConfusionMatrix? AtSpecificity90InnerValidation { get; init; }
    /// <summary>Simple models on the same folds.</summary>
    public IReadOnlyList<BaselineResult> Baselines { get; init; } = [];
    /// <summary>Grad-CAM against the masks (null when not computed).</summary>
    public LocalizationResult? Localization { get; init; }
    /// <summary>Performance by view position, sex and age band (<see cref="SubgroupAnalysis"/>).</summary>
    public IReadOnlyList<SubgroupResult> Subgroups { get; init; } = [];
    /// <summary>The positives by lesion size (<see cref="LesionSizeBands"/>), each band against all negatives.</summary>
    public IReadOnlyList<SubgroupResult> SizeBands { get; init; } = [];
    /// <summary>Where the device labels of <see cref="DrainStrata"/> and <see cref="SkinFolds"/> came from; null when the data have none.</summary>
    public string? DeviceLabels { get; init; }
    /// <summary>
    /// The positives with and without a chest drain, each against all negatives (<see cref="ConfounderStrata"/>; empty
    /// without device labels).
    /// </summary>
    public IReadOnlyList<SubgroupResult> DrainStrata { get; init; } = [];
    /// <summary>The negatives with and without a skin fold and their false positives (empty without device labels).</summary>
    public IReadOnlyList<SubgroupResult> SkinFolds { get; init; } = [];

    /// <summary>Computes the report.</summary>
    public static EvaluationReport Compute(IReadOnlyList<OutOfFoldPrediction> predictions, int bootstrapResamples = 2000, int seed = 1)
    {
        var scores = predictions.Select(p => p.Probability).ToArray();
        var labels = predictions.Select(p => p.Label).ToArray();
        var folds = predictions.GroupBy(p => p.Fold).OrderBy(g => g.Key).Select(g =>
        {
            var s = g.Select(p => p.Probability).ToArray();
            var l = g.Select(p => p.Label).ToArray();
            var sweep = ThresholdSweep.Compute(s, l); // one sweep per fold for its AUC and AP
            return new FoldMetrics(g.Key, l.Length, l.Count(x => x == 1), MetricWarnings.AucOrNaN(sweep, $"fold {g.Key}"),
                MetricWarnings.AveragePrecisionOrNaN(sweep, $"fold {g.Key}"));
        }).ToList();
        var calibration = CalibrationTable.Compute(scores, labels);
        var sweep = ThresholdSweep.Compute(scores, labels); // one sweep for every pooled curve and threshold
        var roc = RocCurve.From(sweep);
        var pr = PrecisionRecallCurve.From(sweep);
        return new EvaluationReport(
            BootstrapInterval.Compute(scores, labels, RocCurve.AreaUnder, bootstrapResamples, 0.95, seed),
            pr.AveragePrecision, folds,
            ConfusionMatrix.At(scores, labels, OperatingPoints.Youden(roc)),
            ConfusionMatrix.At(scores, labels, OperatingPoints.AtSpecificity(roc, 0.9)),
            calibration, CalibrationTable.ExpectedCalibrationError(calibration), roc, pr);
    }

    /// <summary>The most confident mistakes: false negatives with the lowest and false positives with the highest probability.</summary>
    public static IReadOnlyList<OutOfFoldPrediction> WorstErrors(IReadOnlyList<OutOfFoldPrediction> predictions, int count) =>
        predictions.OrderByDescending(p => Math.Abs(p.Label - p.Probability)).Take(count).ToList();

    /// <summary>Reads out-of-fold predictions written by a run.</summary>
    public static IReadOnlyList<OutOfFoldPrediction> ReadPredictions(string path)
    {
        var (header, rows) = Csv.Read(path);
        var c = new Csv.Columns(path, header);
        bool logits = c.Has("Logit"), uncalibrated = c.Has("UncalibratedProbability");
        return rows.Select(r => new OutOfFoldPrediction(c.Get(r, "ImageId"), c.Int(r, "Fold") ?? -1, c.Int(r, "Label") ?? 0, c.Double(r, "Probability") ?? double.NaN,
            logits ? c.Double(r, "Logit") ?? double.NaN : double.NaN, uncalibrated ? c.Double(r, "UncalibratedProbability") ?? double.NaN : double.NaN)).ToList();
    }

    /// <summary>Writes predictions: <c>ImageId, Fold, Label, Probability, Logit, UncalibratedProbability</c>.</summary>
    public static void WritePredictions(string path, IEnumerable<OutOfFoldPrediction> predictions) =>
        Csv.Write(path, ["ImageId", "Fold", "Label", "Probability", "Logit", "UncalibratedProbability"],
            predictions.Select(p => new object?[] { p.ImageId, p.Fold, p.Label, p.Probability, double.IsNaN(p.Logit) ? null : p.Logit, double.IsNaN(p.Uncalibrated) ? null : p.Uncalibrated }));
}

using System.Text.Json;
using Pneumo.Tables;

namespace Pneumo.Metrics;

/// <summary>An out-of-fold prediction.</summary>
/// <param name="ImageId">The image.</param>
/// <param name="Fold">The fold it was held out in.</param>
/// <param name="Label">Truth.</param>
/// <param name="Probability">Predicted probability of pneumothorax.</param>
public sealed record OutOfFoldPrediction(string ImageId, int Fold, int Label, double Probability);

/// <summary>Per-fold results.</summary>
/// <param name="Fold">Fold (or -1 for the pooled row).</param>
/// <param name="Images">Images.</param>
/// <param name="Positives">Positives.</param>
/// <param name="Auc">ROC AUC.</param>
/// <param name="AveragePrecision">Average precision.</param>
public sealed record FoldMetrics(int Fold, int Images, int Positives, double Auc, double AveragePrecision);

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

    /// <summary>Writes metrics.json, fold-metrics.csv, roc.csv, pr.csv and calibration.csv into <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        object Matrix(ConfusionMatrix m) => new
        {
            threshold = m.Threshold, tp = m.TruePositives, fp = m.FalsePositives, tn = m.TrueNegatives, fn = m.FalseNegatives,
            sensitivity = m.Sensitivity, specificity = m.Specificity, precision = m.Precision, f1 = m.F1, accuracy = m.Accuracy,
        };
        var json = new
        {
            auc = Auc.Estimate, aucLower95 = Auc.Lower, aucUpper95 = Auc.Upper,
            averagePrecision = AveragePrecision,
            youden = Matrix(AtYouden), specificity90 = Matrix(AtSpecificity90),
            expectedCalibrationError = ExpectedCalibrationError,
            folds = Folds,
        };
        File.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        Csv.Write(Path.Combine(folder, "fold-metrics.csv"), ["Fold", "Images", "Positives", "Auc", "AveragePrecision"],
            Folds.Select(f => new object?[] { f.Fold, f.Images, f.Positives, f.Auc, f.AveragePrecision }));
        Csv.Write(Path.Combine(folder, "roc.csv"), ["Threshold", "FalsePositiveRate", "TruePositiveRate"],
            Roc.Thresholds.Select((t, i) => new object?[] { double.IsInfinity(t) ? null : t, Roc.FalsePositiveRate[i], Roc.TruePositiveRate[i] }));
        Csv.Write(Path.Combine(folder, "pr.csv"), ["Threshold", "Precision", "Recall"],
            PrecisionRecall.Thresholds.Select((t, i) => new object?[] { t, PrecisionRecall.Precision[i], PrecisionRecall.Recall[i] }));
        Csv.Write(Path.Combine(folder, "calibration.csv"), ["Lower", "Upper", "Count", "MeanPredicted", "ObservedRate"],
            Calibration.Select(b => new object?[] { b.Lower, b.Upper, b.Count, b.MeanPredicted, b.ObservedRate }));
    }

    /// <summary>
    /// The report saved by <see cref="Write"/> in <paramref name="folder"/>, for <paramref name="predictions"/> (the
    /// ones it was computed from): the bootstrap interval, thresholds and per-fold figures are read from
    /// <c>metrics.json</c>, not recomputed; the curves, confusion matrices and calibration table are read off one sweep of
    /// the predictions (exact and cheap). Null when the folder holds no report.
    /// </summary>
    public static EvaluationReport? Read(string folder, IReadOnlyList<OutOfFoldPrediction> predictions)
    {
        if (SavedMetrics.Read(folder) is not { } saved) return null;
        var scores = predictions.Select(p => p.Probability).ToArray();
        var labels = predictions.Select(p => p.Label).ToArray();
        var sweep = ThresholdSweep.Compute(scores, labels);
        return new EvaluationReport(saved.Auc, saved.AveragePrecision, saved.Folds,
            ConfusionMatrix.At(scores, labels, saved.YoudenThreshold), ConfusionMatrix.At(scores, labels, saved.Specificity90Threshold),
            CalibrationTable.Compute(scores, labels), saved.ExpectedCalibrationError, RocCurve.From(sweep), PrecisionRecallCurve.From(sweep));
    }

    /// <summary>The most confident mistakes: false negatives with the lowest and false positives with the highest probability.</summary>
    public static IReadOnlyList<OutOfFoldPrediction> WorstErrors(IReadOnlyList<OutOfFoldPrediction> predictions, int count) =>
        predictions.OrderByDescending(p => Math.Abs(p.Label - p.Probability)).Take(count).ToList();

    /// <summary>Reads out-of-fold predictions written by a run.</summary>
    public static IReadOnlyList<OutOfFoldPrediction> ReadPredictions(string path)
    {
        var (header, rows) = Csv.Read(path);
        var c = new Csv.Columns(path, header);
        return rows.Select(r => new OutOfFoldPrediction(c.Get(r, "ImageId"), c.Int(r, "Fold") ?? -1, c.Int(r, "Label") ?? 0, c.Double(r, "Probability") ?? double.NaN)).ToList();
    }

    /// <summary>Writes out-of-fold predictions.</summary>
    public static void WritePredictions(string path, IEnumerable<OutOfFoldPrediction> predictions) =>
        Csv.Write(path, ["ImageId", "Fold", "Label", "Probability"], predictions.Select(p => new object?[] { p.ImageId, p.Fold, p.Label, p.Probability }));
}

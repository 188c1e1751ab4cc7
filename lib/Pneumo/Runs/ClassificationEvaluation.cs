using Pneumo.Data;
using Pneumo.Metrics;
using Pneumo.Tables;
using Pneumo.Training;

namespace Pneumo.Runs;

/// <summary>
/// The evaluation of a classification run: the folds' predictions pooled after each fold's calibration, the report
/// with its baselines, subgroups and Grad-CAM localisation, written as <c>metrics.json</c> (<see cref="ClassificationMetrics"/>)
/// and the curve tables of <see cref="RunLayout"/>, and read back from them.
/// </summary>
public static class ClassificationEvaluation
{
    /// <summary>
    /// Pools the folds' predictions and writes the evaluation; null while a fold is missing, unless
    /// <paramref name="partial"/>: then whatever folds are done are pooled, with a warning naming the missing ones
    /// (folds trained as separate jobs, <c>./pneumo evaluate</c>). Each fold's Platt scaling
    /// and thresholds are fitted on its inner-validation predictions and applied to its out-of-fold ones; the baselines
    /// are fitted on the same folds; Grad-CAM of the out-of-fold true positives is checked against their masks (skip it
    /// with <paramref name="localize"/> false); every fold's training is checked for failure (<see cref="FoldDiagnostics"/>).
    /// </summary>
    public static EvaluationReport? Evaluate(ExperimentRun run, bool localize = true, bool partial = false)
    {
        var (config, layout) = (run.Config, run.Layout);
        if (config.Task != TrainingTask.Classification) throw new InvalidOperationException($"{run.Folder}: a {config.Task} run (evaluate it with SegmentationRun)");
        var missingFolds = run.MissingFolds;
        if (missingFolds.Count == config.Folds || (missingFolds.Count > 0 && !partial)) return null;
        var doneFolds = Enumerable.Range(0, config.Folds).Where(f => !missingFolds.Contains(f)).ToList();
        var raw = doneFolds.SelectMany(f => EvaluationReport.ReadPredictions(layout.Fold(f).Predictions))
            .OrderBy(p => p.Fold).ThenBy(p => p.ImageId, StringComparer.Ordinal).ToList();
        var validation = Enumerable.Range(0, config.Folds).Where(f => File.Exists(layout.Fold(f).ValidationPredictions))
            .ToDictionary(f => f, f => EvaluationReport.ReadPredictions(layout.Fold(f).ValidationPredictions));
        var (predictions, calibrations) = FoldCalibration.Apply(raw, validation);
        EvaluationReport.WritePredictions(layout.Predictions, predictions);
        var report = EvaluationReport.Compute(predictions, seed: config.Seed);
        var labels = predictions.Select(p => p.Label).ToArray();
        var uncalibrated = predictions.Select(p => p.UncalibratedProbability).ToArray();
        var uncalibratedTable = CalibrationTable.Compute(uncalibrated, labels);
        var byFold = calibrations.ToDictionary(c => c.Fold);
        bool calibrated = calibrations.Any(c => c.ValidationImages > 0);
        var warnings = (missingFolds.Count == 0 ? []
                : new[] { $"folds {string.Join(", ", missingFolds)} not trained yet: pooled over {doneFolds.Count} of {config.Folds} folds" })
            .Concat(doneFolds.SelectMany(f => FoldDiagnostics.Check(f, FoldState.Load(layout.Fold(f).Training(config.Task).State).History)))
            .Concat(report.Folds.Where(f => f.Auc < FoldDiagnostics.NearChanceAuc).Select(f => FormattableString.Invariant($"fold {f.Fold}: out-of-fold AUC {f.Auc:F3} is near chance")))
            .ToList();
        foreach (var w in warnings) MetricWarnings.Report(w);
        report = report with
        {
            Folds = report.Folds.Select(f => byFold.TryGetValue(f.Fold, out var c) && c.ValidationImages > 0
                ? f with { Temperature = c.Scaling.Temperature, CalibrationBias = c.Scaling.Bias, YoudenThreshold = c.YoudenThreshold,
                    Specificity90Threshold = c.Specificity90Threshold }
                : f).ToList(),
            Warnings = warnings,
            AucUncalibrated = RocCurve.AreaUnder(uncalibrated, labels),
            ExpectedCalibrationErrorUncalibrated = CalibrationTable.ExpectedCalibrationError(uncalibratedTable),
            CalibrationUncalibrated = uncalibratedTable,
            AtYoudenInnerValidation = calibrated ? FoldCalibration.Pooled(predictions, calibrations, c => c.YoudenThreshold) : null,
            AtSpecificity90InnerValidation = calibrated ? FoldCalibration.Pooled(predictions, calibrations, c => c.Specificity90Threshold) : null,
        };
        var (clean, _) = run.Inputs();
        using (var cache = RefinedCache.Open(run.Info.RefinedCache))
        {
            var rows = clean.Rows.ToDictionary(r => r.ImageId, StringComparer.Ordinal);
            var samples = predictions.Select(p => new Baselines.BaselineSample(p.ImageId, p.Label, p.Fold,
                cache.Find(p.ImageId) ?? throw new DataFileException($"{cache.Folder}: {p.ImageId} is not cached"),
                    MetadataEncoding.Encode(rows[p.ImageId]))).ToList();
            double pooledYouden = report.AtYouden.Threshold;
            double Threshold(OutOfFoldPrediction p) =>
                calibrated && byFold.TryGetValue(p.Fold, out var c) && !double.IsNaN(c.YoudenThreshold) ? c.YoudenThreshold : pooledYouden;
            report = report with
            {
                Baselines = Baselines.SimpleBaselines.Compute(cache, samples, config.Seed, predictions.Select(p => p.Probability).ToList()),
                Subgroups = SubgroupAnalysis.Compute(predictions, rows, Threshold, config.Seed),
                SizeBands = LesionSizeBands.Compute(predictions, rows, Threshold, config.Seed),
            };
            if (Synthesis.SyntheticRecord.DevicesOf(run.Info.DataRoot) is { } devices)
                report = report with
                {
                    DeviceLabels = Synthesis.SyntheticRecord.FileName,
                    DrainStrata = ConfounderStrata.Drains(predictions, id => devices.TryGetValue(id, out var d) ? d.ChestDrain : null, Threshold, config.Seed),
                    SkinFolds = ConfounderStrata.SkinFolds(predictions, id => devices.TryGetValue(id, out var d) ? d.SkinFold : null, Threshold, config.Seed),
                };
            if (localize && calibrated)
            {
                var hits = predictions.Where(p => p.Label == 1 && p.Probability >= byFold[p.Fold].YoudenThreshold).Select(p => p.ImageId).ToList();
                report = report with { Localization = Localize(run, cache, hits) };
            }
        }
        Write(report, layout);
        return report;
    }

    /// <summary>Writes <c>metrics.json</c> and the per-fold, ROC, precision-recall and calibration tables.</summary>
    public static void Write(EvaluationReport report, RunLayout layout)
    {
        Directory.CreateDirectory(layout.Folder);
        ClassificationMetrics.From(report).Write(layout.Metrics);
        Csv.Write(layout.FoldMetrics, ["Fold", "Images", "Positives", "Auc", "AveragePrecision"],
            report.Folds.Select(f => new object?[] { f.Fold, f.Images, f.Positives, f.Auc, f.AveragePrecision }));
        Csv.Write(layout.Roc, ["Threshold", "FalsePositiveRate", "TruePositiveRate"],
            report.Roc.Thresholds.Select((t, i) => new object?[] { double.IsInfinity(t) ? null : t, report.Roc.FalsePositiveRate[i],
                report.Roc.TruePositiveRate[i] }));
        Csv.Write(layout.PrecisionRecall, ["Threshold", "Precision", "Recall"],
            report.PrecisionRecall.Thresholds.Select((t, i) => new object?[] { t, report.PrecisionRecall.Precision[i], report.PrecisionRecall.Recall[i] }));
        Csv.Write(layout.Calibration, ["Stage", "Lower", "Upper", "Count", "MeanPredicted", "ObservedRate"],
            report.Calibration.Select(b => new object?[] { "calibrated", b.Lower, b.Upper, b.Count, b.MeanPredicted, b.ObservedRate })
                .Concat(report.CalibrationUncalibrated.Select(b => new object?[] { "uncalibrated", b.Lower, b.Upper, b.Count, b.MeanPredicted,
                    b.ObservedRate })));
    }

    /// <summary>
    /// The report <paramref name="saved"/> (a run's <c>metrics.json</c>) describes, for <paramref name="predictions"/>
    /// (the ones it was computed from): the bootstrap interval, thresholds and per-fold figures are the saved ones, not
    /// recomputed; the curves, confusion matrices and calibration table are read off one sweep of the predictions
    /// (exact and cheap).
    /// </summary>
    public static EvaluationReport Read(SavedMetrics saved, IReadOnlyList<OutOfFoldPrediction> predictions)
    {
        var scores = predictions.Select(p => p.Probability).ToArray();
        var labels = predictions.Select(p => p.Label).ToArray();
        var sweep = ThresholdSweep.Compute(scores, labels);
        var uncalibrated = predictions.Select(p => p.UncalibratedProbability).ToArray();
        return new EvaluationReport(saved.Auc, saved.AveragePrecision, saved.Folds,
            ConfusionMatrix.At(scores, labels, saved.YoudenThreshold), ConfusionMatrix.At(scores, labels, saved.Specificity90Threshold),
            CalibrationTable.Compute(scores, labels), saved.ExpectedCalibrationError, RocCurve.From(sweep), PrecisionRecallCurve.From(sweep))
        {
            Warnings = saved.Warnings, AucUncalibrated = saved.AucUncalibrated, ExpectedCalibrationErrorUncalibrated = saved.ExpectedCalibrationErrorUncalibrated,
            CalibrationUncalibrated = CalibrationTable.Compute(uncalibrated, labels),
            AtYoudenInnerValidation = saved.AtYoudenInnerValidation, AtSpecificity90InnerValidation = saved.AtSpecificity90InnerValidation,
            Baselines = saved.Baselines, Localization = saved.Localization, Subgroups = saved.Subgroups, SizeBands = saved.SizeBands,
            DeviceLabels = saved.DeviceLabels, DrainStrata = saved.DrainStrata, SkinFolds = saved.SkinFolds,
        };
    }

    /// <summary>The pointing game and mass-in-mask of the Grad-CAM of <paramref name="imageIds"/> (each with its fold's model).</summary>
    private static LocalizationResult Localize(ExperimentRun run, RefinedCache cache, IReadOnlyList<string> imageIds)
    {
        int tolerance = GradCamLocalization.ToleranceFor(cache.Size), hits = 0;
        double mass = 0;
        using var models = run.OpenModels();
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
}

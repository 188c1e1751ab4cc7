namespace Pneumo.Metrics;

/// <summary>
/// What was fitted on one fold's inner-validation split — never on its out-of-fold images — and applied to them: the
/// Platt scaling of its logits and its two operating thresholds (on the calibrated probabilities).
/// </summary>
/// <param name="Fold">The fold.</param>
/// <param name="Scaling">Calibration of the fold's logits (identity when the fold has no validation predictions).</param>
/// <param name="ValidationImages">Inner-validation images it was fitted on (0: none, calibration skipped).</param>
/// <param name="YoudenThreshold">Threshold maximising Youden's J on the inner validation.</param>
/// <param name="Specificity90Threshold">Most sensitive threshold with ≥ 90% specificity on the inner validation.</param>
public sealed record FoldCalibration(int Fold, PlattScaling Scaling, int ValidationImages, double YoudenThreshold, double Specificity90Threshold)
{
    /// <summary>
    /// Fits each fold on its inner-validation predictions and applies it to its out-of-fold predictions. Returns the
    /// calibrated predictions (in the input order) and each fold's calibration. A fold without validation predictions,
    /// or with one class only among them, keeps its probabilities and gets NaN thresholds.
    /// </summary>
    public static (IReadOnlyList<OutOfFoldPrediction> Calibrated, IReadOnlyList<FoldCalibration> Folds) Apply(
        IReadOnlyList<OutOfFoldPrediction> outOfFold, IReadOnlyDictionary<int, IReadOnlyList<OutOfFoldPrediction>> validation)
    {
        var folds = new Dictionary<int, FoldCalibration>();
        foreach (int fold in outOfFold.Select(p => p.Fold).Distinct().Order())
        {
            if (!validation.TryGetValue(fold, out var val) || val.Select(v => v.Label).Distinct().Count() < 2)
            {
                folds[fold] = new FoldCalibration(fold, PlattScaling.Identity, 0, double.NaN, double.NaN);
                continue;
            }
            var labels = val.Select(v => v.Label).ToArray();
            var scaling = PlattScaling.Fit(val.Select(v => v.Score).ToArray(), labels);
            var calibrated = val.Select(v => scaling.Apply(v.Score)).ToArray();
            var roc = RocCurve.Compute(calibrated, labels);
            folds[fold] = new FoldCalibration(fold, scaling, val.Count,
                OperatingPoints.WithMargin(calibrated, OperatingPoints.Youden(roc)), OperatingPoints.WithMargin(calibrated, OperatingPoints.AtSpecificity(roc, 0.9)));
        }
        var result = outOfFold.Select(p => folds[p.Fold].ValidationImages == 0 ? p
            : p with { Probability = folds[p.Fold].Scaling.Apply(p.Score), Uncalibrated = p.UncalibratedProbability, Logit = p.Score }).ToList();
        return (result, folds.Values.OrderBy(f => f.Fold).ToList());
    }

    /// <summary>
    /// The pooled confusion matrix of the out-of-fold predictions, each fold at its own threshold (chosen on its inner
    /// validation): the honest operating point. Folds with a NaN threshold are left out; the matrix's threshold is NaN.
    /// </summary>
    public static ConfusionMatrix Pooled(IReadOnlyList<OutOfFoldPrediction> calibrated, IReadOnlyList<FoldCalibration> folds, Func<FoldCalibration, double> threshold)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var f in folds)
        {
            double t = threshold(f);
            if (double.IsNaN(t)) continue;
            var part = calibrated.Where(p => p.Fold == f.Fold).ToList();
            var m = ConfusionMatrix.At(part.Select(p => p.Probability).ToArray(), part.Select(p => p.Label).ToArray(), t);
            tp += m.TruePositives; fp += m.FalsePositives; tn += m.TrueNegatives; fn += m.FalseNegatives;
        }
        return new ConfusionMatrix(double.NaN, tp, fp, tn, fn);
    }
}

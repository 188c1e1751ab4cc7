namespace Pneumo.Metrics;

/// <summary>Thresholds chosen on out-of-fold predictions.</summary>
public static class OperatingPoints
{
    /// <summary>The threshold maximising Youden's J = sensitivity + specificity − 1.</summary>
    public static double Youden(IReadOnlyList<double> scores, IReadOnlyList<int> labels) => Youden(RocCurve.Compute(scores, labels));

    /// <summary>The threshold maximising Youden's J on a computed curve.</summary>
    public static double Youden(RocCurve roc)
    {
        int best = 1;
        for (int i = 1; i < roc.Thresholds.Length; i++)
            if (roc.TruePositiveRate[i] - roc.FalsePositiveRate[i] > roc.TruePositiveRate[best] - roc.FalsePositiveRate[best]) best = i;
        return roc.Thresholds[best];
    }

    /// <summary>The lowest threshold whose specificity is at least <paramref name="specificity"/> (most sensitive such point).</summary>
    public static double AtSpecificity(IReadOnlyList<double> scores, IReadOnlyList<int> labels, double specificity = 0.9) =>
        AtSpecificity(RocCurve.Compute(scores, labels), specificity);

    /// <summary>The most sensitive threshold with at least <paramref name="specificity"/> on a computed curve.</summary>
    public static double AtSpecificity(RocCurve roc, double specificity = 0.9)
    {
        double threshold = roc.Thresholds[1];
        for (int i = 1; i < roc.Thresholds.Length; i++)
            if (1 - roc.FalsePositiveRate[i] >= specificity - 1e-12) threshold = roc.Thresholds[i];
        return threshold;
    }

    /// <summary>
    /// Moves a threshold chosen on a small split (where it sits exactly on a case's score) halfway to the next lower
    /// score, so the cases it separates stay on their side when the threshold is applied to new images.
    /// </summary>
    public static double WithMargin(IReadOnlyList<double> scores, double threshold)
    {
        if (double.IsInfinity(threshold) || double.IsNaN(threshold)) return threshold;
        double below = double.NegativeInfinity;
        foreach (var s in scores) if (s < threshold && s > below) below = s;
        return double.IsNegativeInfinity(below) ? threshold : (threshold + below) / 2;
    }
}

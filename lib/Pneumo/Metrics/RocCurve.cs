namespace Pneumo.Metrics;

/// <summary>
/// The ROC curve of scores against binary labels: every distinct threshold, with ties handled exactly (tied scores
/// move false and true positives together, a diagonal step). The area equals the Mann–Whitney statistic with midranks.
/// </summary>
public sealed class RocCurve
{
    private RocCurve(double[] thresholds, double[] fpr, double[] tpr, double auc)
    {
        Thresholds = thresholds;
        FalsePositiveRate = fpr;
        TruePositiveRate = tpr;
        Auc = auc;
    }

    /// <summary>Thresholds, decreasing; a prediction is positive when score ≥ threshold. The first is +∞.</summary>
    public double[] Thresholds { get; }
    /// <summary>1 − specificity at each threshold.</summary>
    public double[] FalsePositiveRate { get; }
    /// <summary>Sensitivity at each threshold.</summary>
    public double[] TruePositiveRate { get; }
    /// <summary>Area under the curve (trapezoids over the exact tied steps).</summary>
    public double Auc { get; }

    /// <summary>Computes the curve.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, or one class is absent.</exception>
    public static RocCurve Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels) => From(ThresholdSweep.Compute(scores, labels));

    /// <summary>The curve read off a sweep.</summary>
    /// <exception cref="ArgumentException">One class is absent.</exception>
    public static RocCurve From(ThresholdSweep sweep)
    {
        int positives = sweep.Positives, negatives = sweep.Negatives;
        if (!sweep.HasBothClasses) throw new ArgumentException($"ROC needs both classes: {positives} positive, {negatives} negative");
        int n = sweep.Thresholds.Length;
        var thresholds = new double[n + 1];
        var fpr = new double[n + 1];
        var tpr = new double[n + 1];
        thresholds[0] = double.PositiveInfinity;
        double area = 0;
        int prevTp = 0, prevFp = 0;
        for (int i = 0; i < n; i++)
        {
            int tp = sweep.TruePositives[i], fp = sweep.FalsePositives[i];
            area += (fp - prevFp) * (tp + prevTp) / 2.0;
            thresholds[i + 1] = sweep.Thresholds[i];
            fpr[i + 1] = (double)fp / negatives;
            tpr[i + 1] = (double)tp / positives;
            (prevTp, prevFp) = (tp, fp);
        }
        return new RocCurve(thresholds, fpr, tpr, area / ((double)positives * negatives));
    }

    /// <summary>The area alone.</summary>
    public static double AreaUnder(IReadOnlyList<double> scores, IReadOnlyList<int> labels) => Compute(scores, labels).Auc;
}

namespace Pneumo.Metrics;

/// <summary>
/// Precision and recall at every distinct threshold, and the average precision: the sum over thresholds of
/// (recall step) × precision, the step-wise area scikit-learn reports (no interpolation).
/// </summary>
public sealed class PrecisionRecallCurve
{
    private PrecisionRecallCurve(double[] thresholds, double[] precision, double[] recall, double ap)
    {
        Thresholds = thresholds;
        Precision = precision;
        Recall = recall;
        AveragePrecision = ap;
    }

    /// <summary>Thresholds, decreasing (positive when score ≥ threshold).</summary>
    public double[] Thresholds { get; }
    /// <summary>Precision at each threshold.</summary>
    public double[] Precision { get; }
    /// <summary>Recall (sensitivity) at each threshold.</summary>
    public double[] Recall { get; }
    /// <summary>Average precision.</summary>
    public double AveragePrecision { get; }

    /// <summary>Computes the curve; tied scores form one step.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, or there is no positive.</exception>
    public static PrecisionRecallCurve Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels) => From(ThresholdSweep.Compute(scores, labels));

    /// <summary>The curve read off a sweep.</summary>
    /// <exception cref="ArgumentException">There is no positive.</exception>
    public static PrecisionRecallCurve From(ThresholdSweep sweep)
    {
        if (sweep.Positives == 0) throw new ArgumentException("average precision needs at least one positive");
        int n = sweep.Thresholds.Length;
        var precision = new double[n];
        var recall = new double[n];
        double ap = 0, previousRecall = 0;
        for (int i = 0; i < n; i++)
        {
            int tp = sweep.TruePositives[i], fp = sweep.FalsePositives[i];
            double p = (double)tp / (tp + fp), r = (double)tp / sweep.Positives;
            ap += (r - previousRecall) * p;
            previousRecall = r;
            precision[i] = p;
            recall[i] = r;
        }
        return new PrecisionRecallCurve((double[])sweep.Thresholds.Clone(), precision, recall, ap);
    }
}

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
    public static PrecisionRecallCurve Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        if (scores.Count != labels.Count) throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels");
        int positives = labels.Count(l => l == 1);
        if (positives == 0) throw new ArgumentException("average precision needs at least one positive");
        if (scores.Any(double.IsNaN)) throw new ArgumentException("scores contain NaN (a diverged model?)");
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var thresholds = new List<double>();
        var precision = new List<double>();
        var recall = new List<double>();
        int tp = 0, fp = 0;
        double ap = 0, previousRecall = 0;
        for (int k = 0; k < order.Length;)
        {
            double s = scores[order[k]];
            while (k < order.Length && scores[order[k]] == s)
            {
                if (labels[order[k]] == 1) tp++; else fp++;
                k++;
            }
            double p = (double)tp / (tp + fp), r = (double)tp / positives;
            ap += (r - previousRecall) * p;
            previousRecall = r;
            thresholds.Add(s);
            precision.Add(p);
            recall.Add(r);
        }
        return new PrecisionRecallCurve(thresholds.ToArray(), precision.ToArray(), recall.ToArray(), ap);
    }
}

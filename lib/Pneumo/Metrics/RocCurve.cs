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
    /// <exception cref="ArgumentException">Lengths differ, or one class is absent.</exception>
    public static RocCurve Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        if (scores.Count != labels.Count) throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels");
        int positives = labels.Count(l => l == 1), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException($"ROC needs both classes: {positives} positive, {negatives} negative");
        if (scores.Any(double.IsNaN)) throw new ArgumentException("scores contain NaN (a diverged model?)");
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var thresholds = new List<double> { double.PositiveInfinity };
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        int tp = 0, fp = 0;
        double area = 0;
        for (int k = 0; k < order.Length;)
        {
            double s = scores[order[k]];
            int prevTp = tp, prevFp = fp;
            while (k < order.Length && scores[order[k]] == s)
            {
                if (labels[order[k]] == 1) tp++; else fp++;
                k++;
            }
            area += (fp - prevFp) * (tp + prevTp) / 2.0;
            thresholds.Add(s);
            fpr.Add((double)fp / negatives);
            tpr.Add((double)tp / positives);
        }
        return new RocCurve(thresholds.ToArray(), fpr.ToArray(), tpr.ToArray(), area / ((double)positives * negatives));
    }

    /// <summary>The area alone.</summary>
    public static double AreaUnder(IReadOnlyList<double> scores, IReadOnlyList<int> labels) => Compute(scores, labels).Auc;
}

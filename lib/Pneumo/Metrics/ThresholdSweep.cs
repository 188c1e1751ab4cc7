namespace Pneumo.Metrics;

/// <summary>
/// The one sorted sweep over the scores that every threshold metric reads: the distinct thresholds in decreasing
/// order (a prediction is positive when score ≥ threshold) and the cumulative true and false positives at each.
/// Tied scores form one step. ROC, precision-recall, Youden's J and the specificity point are all read off it.
/// </summary>
public sealed class ThresholdSweep
{
    private ThresholdSweep(double[] thresholds, int[] truePositives, int[] falsePositives, int positives, int negatives)
    {
        Thresholds = thresholds;
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        Positives = positives;
        Negatives = negatives;
    }

    /// <summary>Distinct scores, decreasing.</summary>
    public double[] Thresholds { get; }
    /// <summary>Positives with score ≥ each threshold.</summary>
    public int[] TruePositives { get; }
    /// <summary>Negatives with score ≥ each threshold.</summary>
    public int[] FalsePositives { get; }
    /// <summary>Positive labels in all.</summary>
    public int Positives { get; }
    /// <summary>Negative labels in all.</summary>
    public int Negatives { get; }
    /// <summary>True when both classes are present (ROC and AUC are defined).</summary>
    public bool HasBothClasses => Positives > 0 && Negatives > 0;

    /// <summary>Sorts once and counts.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a score is NaN.</exception>
    public static ThresholdSweep Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        if (scores.Count != labels.Count) throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels");
        if (scores.Any(double.IsNaN)) throw new ArgumentException("scores contain NaN (a diverged model?)");
        int positives = labels.Count(l => l == 1);
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var thresholds = new List<double>();
        var tps = new List<int>();
        var fps = new List<int>();
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length;)
        {
            double s = scores[order[k]];
            while (k < order.Length && scores[order[k]] == s)
            {
                if (labels[order[k]] == 1) tp++; else fp++;
                k++;
            }
            thresholds.Add(s);
            tps.Add(tp);
            fps.Add(fp);
        }
        return new ThresholdSweep(thresholds.ToArray(), tps.ToArray(), fps.ToArray(), positives, labels.Count - positives);
    }
}

namespace Pneumo.Metrics;

/// <summary>Counts at one threshold (positive when score ≥ threshold), and the measures derived from them.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="TruePositives">Positives called positive.</param>
/// <param name="FalsePositives">Negatives called positive.</param>
/// <param name="TrueNegatives">Negatives called negative.</param>
/// <param name="FalseNegatives">Positives called negative.</param>
public sealed record ConfusionMatrix(double Threshold, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>Sensitivity (recall): TP / (TP + FN).</summary>
    public double Sensitivity => Ratio(TruePositives, TruePositives + FalseNegatives);
    /// <summary>Specificity: TN / (TN + FP).</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);
    /// <summary>Positive predictive value: TP / (TP + FP).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    /// <summary>Negative predictive value: TN / (TN + FN).</summary>
    public double NegativePredictiveValue => Ratio(TrueNegatives, TrueNegatives + FalseNegatives);
    /// <summary>F1: harmonic mean of precision and sensitivity.</summary>
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);
    /// <summary>Accuracy.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, TruePositives + TrueNegatives + FalsePositives + FalseNegatives);

    /// <summary>Counts the outcomes at <paramref name="threshold"/>.</summary>
    public static ConfusionMatrix At(IReadOnlyList<double> scores, IReadOnlyList<int> labels, double threshold)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            bool predicted = scores[i] >= threshold;
            if (labels[i] == 1) { if (predicted) tp++; else fn++; }
            else if (predicted) fp++; else tn++;
        }
        return new ConfusionMatrix(threshold, tp, fp, tn, fn);
    }

    /// <summary>
    /// scikit-learn's <c>classification_report</c>: precision, recall, F1 and support of each class ("no
    /// pneumothorax" is class 0, whose precision is the negative predictive value and recall the specificity), then
    /// accuracy, the macro average and the support-weighted average.
    /// </summary>
    public Tables.SummaryTable ClassificationReport()
    {
        int negatives = TrueNegatives + FalsePositives, positives = TruePositives + FalseNegatives, n = negatives + positives;
        double f0 = Harmonic(NegativePredictiveValue, Specificity), f1 = Harmonic(Precision, Sensitivity);
        return new Tables.SummaryTable(["class", "precision", "recall", "f1-score", "support"],
        [
            ["0 no pneumothorax", NegativePredictiveValue, Specificity, f0, negatives],
            ["1 pneumothorax", Precision, Sensitivity, f1, positives],
            ["accuracy", null, null, Accuracy, n],
            ["macro avg", (NegativePredictiveValue + Precision) / 2, (Specificity + Sensitivity) / 2, (f0 + f1) / 2, n],
            ["weighted avg", Weighted(NegativePredictiveValue, Precision), Weighted(Specificity, Sensitivity), Weighted(f0, f1), n],
        ]);

        double Weighted(double a, double b) => n == 0 ? double.NaN : (a * negatives + b * positives) / n;
    }

    private static double Harmonic(double a, double b) => a + b == 0 ? 0 : 2 * a * b / (a + b);

    private static double Ratio(int a, int b) => b == 0 ? double.NaN : (double)a / b;
}

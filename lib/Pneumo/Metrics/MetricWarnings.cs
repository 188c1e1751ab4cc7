namespace Pneumo.Metrics;

/// <summary>
/// Where a metric that is undefined for its input says so (MONAI's convention: the value is NaN and a warning is
/// printed, not an exception): standard error, which a notebook shows under the cell.
/// </summary>
public static class MetricWarnings
{
    /// <summary>Writes one warning line.</summary>
    public static void Report(string message) => Console.Error.WriteLine($"warning: {message}");

    /// <summary>The ROC AUC, or NaN with a warning when one class is absent (e.g. a small fold without positives).</summary>
    public static double AucOrNaN(IReadOnlyList<double> scores, IReadOnlyList<int> labels, string what) => AucOrNaN(ThresholdSweep.Compute(scores, labels), what);

    /// <summary>The ROC AUC of a sweep, or NaN with a warning when one class is absent.</summary>
    public static double AucOrNaN(ThresholdSweep sweep, string what)
    {
        if (sweep.HasBothClasses) return RocCurve.From(sweep).Auc;
        Report($"{what}: ROC AUC is undefined with {sweep.Positives} positive and {sweep.Negatives} negative image(s); reported as NaN");
        return double.NaN;
    }

    /// <summary>The average precision of a sweep, or NaN with a warning when there is no positive.</summary>
    public static double AveragePrecisionOrNaN(ThresholdSweep sweep, string what)
    {
        if (sweep.Positives > 0) return PrecisionRecallCurve.From(sweep).AveragePrecision;
        Report($"{what}: average precision is undefined without positive images; reported as NaN");
        return double.NaN;
    }
}

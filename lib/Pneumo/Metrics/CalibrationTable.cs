namespace Pneumo.Metrics;

/// <summary>One bin of a reliability table.</summary>
/// <param name="Lower">Bin's lower probability bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Count">Cases in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability.</param>
/// <param name="ObservedRate">Share of positives.</param>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);

/// <summary>Calibration: predicted probability against observed frequency in equal-width bins, and the expected calibration error.</summary>
public static class CalibrationTable
{
    /// <summary>Bins of width 1/<paramref name="bins"/>; empty bins are left out.</summary>
    public static IReadOnlyList<CalibrationBin> Compute(IReadOnlyList<double> probabilities, IReadOnlyList<int> labels, int bins = 10)
    {
        var result = new List<CalibrationBin>();
        for (int b = 0; b < bins; b++)
        {
            double lo = (double)b / bins, hi = (double)(b + 1) / bins;
            var inBin = Enumerable.Range(0, probabilities.Count)
                .Where(i => probabilities[i] >= lo && (probabilities[i] < hi || (b == bins - 1 && probabilities[i] <= hi))).ToList();
            if (inBin.Count == 0) continue;
            result.Add(new CalibrationBin(lo, hi, inBin.Count, inBin.Average(i => probabilities[i]), inBin.Average(i => (double)labels[i])));
        }
        return result;
    }

    /// <summary>Expected calibration error: the count-weighted mean |observed − predicted| over the bins.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<CalibrationBin> table)
    {
        int n = table.Sum(b => b.Count);
        return n == 0 ? 0 : table.Sum(b => b.Count * Math.Abs(b.ObservedRate - b.MeanPredicted)) / n;
    }
}

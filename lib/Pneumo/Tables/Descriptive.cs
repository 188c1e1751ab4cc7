namespace Pneumo.Tables;

/// <summary>Descriptive statistics shared by the summary tables: missing values are the caller's to leave out.</summary>
public static class Descriptive
{
    /// <summary>The mean (NaN when empty).</summary>
    public static double Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>The sample standard deviation, n − 1 in the denominator as in pandas (NaN below two values).</summary>
    public static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double m = values.Average();
        return Math.Sqrt(values.Sum(x => (x - m) * (x - m)) / (values.Count - 1));
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, linear between order statistics (pandas' and NumPy's default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        double h = (sorted.Count - 1) * q;
        int lo = (int)Math.Floor(h), hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

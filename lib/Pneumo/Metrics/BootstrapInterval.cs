namespace Pneumo.Metrics;

/// <summary>A point estimate with a confidence interval.</summary>
/// <param name="Estimate">The value on all data.</param>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, double Level)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(Tables.ReportCulture.Culture, $"{Estimate:F3} ({Level:P0} CI {Lower:F3}–{Upper:F3})");
}

/// <summary>
/// Percentile bootstrap: resample cases with replacement (stratified by class, so every resample has both classes),
/// recompute the statistic, take the (1−level)/2 and (1+level)/2 quantiles. Seeded.
/// </summary>
public static class BootstrapInterval
{
    /// <summary>The interval of <paramref name="statistic"/> (e.g. <see cref="RocCurve.AreaUnder"/>).</summary>
    public static ConfidenceInterval Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels,
        Func<IReadOnlyList<double>, IReadOnlyList<int>, double> statistic, int resamples = 2000, double level = 0.95, int seed = 1)
    {
        var estimate = statistic(scores, labels);
        var pos = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 1).ToArray();
        var neg = Enumerable.Range(0, labels.Count).Where(i => labels[i] != 1).ToArray();
        var rng = new Random(seed);
        var values = new double[resamples];
        var s = new double[labels.Count];
        var l = new int[labels.Count];
        for (int b = 0; b < resamples; b++)
        {
            int k = 0;
            foreach (var group in new[] { pos, neg })
                for (int j = 0; j < group.Length; j++, k++)
                {
                    int i = group[rng.Next(group.Length)];
                    s[k] = scores[i];
                    l[k] = labels[i];
                }
            values[b] = statistic(s, l);
        }
        Array.Sort(values);
        double Quantile(double q) => values[(int)Math.Clamp(Math.Floor(q * (resamples - 1)), 0, resamples - 1)];
        return new ConfidenceInterval(estimate, Quantile((1 - level) / 2), Quantile((1 + level) / 2), level);
    }
}

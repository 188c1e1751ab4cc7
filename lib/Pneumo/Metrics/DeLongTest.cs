namespace Pneumo.Metrics;

/// <summary>The comparison of two ROC AUCs on the same images.</summary>
/// <param name="AucA">AUC of the first scores.</param>
/// <param name="AucB">AUC of the second scores.</param>
/// <param name="Difference">AucA − AucB with its 95% CI (normal, from the DeLong variance of the difference).</param>
/// <param name="Z">The test statistic: difference / its standard error (0 when both are equal everywhere).</param>
/// <param name="PValue">Two-sided p-value of "the AUCs are equal".</param>
public sealed record PairedAucComparison(double AucA, double AucB, ConfidenceInterval Difference, double Z, double PValue);

/// <summary>
/// DeLong, DeLong and Clarke-Pearson (1988): the variance and covariance of correlated ROC AUCs from their
/// structural components (each positive's share of negatives scored lower, each negative's share of positives scored
/// higher, ties counting half), computed with midranks as in Sun and Xu (2014). The test of two models on the same
/// out-of-fold images, which is paired: both scored every image.
/// </summary>
public static class DeLongTest
{
    /// <summary>Compares <paramref name="a"/> with <paramref name="b"/> on the same <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a class is missing.</exception>
    public static PairedAucComparison Compare(IReadOnlyList<double> a, IReadOnlyList<double> b, IReadOnlyList<int> labels, double level = 0.95)
    {
        if (a.Count != labels.Count || b.Count != labels.Count) throw new ArgumentException($"{a.Count} and {b.Count} scores for {labels.Count} labels");
        var (aucA, vA10, vA01) = Components(a, labels);
        var (aucB, vB10, vB01) = Components(b, labels);
        int m = vA10.Length, n = vA01.Length;
        double sa10 = Variance(vA10, vA10), sb10 = Variance(vB10, vB10), sab10 = Variance(vA10, vB10);
        double sa01 = Variance(vA01, vA01), sb01 = Variance(vB01, vB01), sab01 = Variance(vA01, vB01);
        double variance = (sa10 + sb10 - 2 * sab10) / m + (sa01 + sb01 - 2 * sab01) / n;
        double difference = aucA - aucB, se = Math.Sqrt(Math.Max(variance, 0));
        double z = se == 0 ? 0 : difference / se;
        double p = se == 0 ? (difference == 0 ? 1 : 0) : 2 * (1 - NormalCdf(Math.Abs(z)));
        double q = WilsonInterval.NormalQuantile(0.5 + level / 2);
        return new PairedAucComparison(aucA, aucB, new ConfidenceInterval(difference, difference - q * se, difference + q * se, level), z, p);
    }

    /// <summary>The DeLong variance of one AUC (the diagonal of the covariance matrix).</summary>
    public static double Variance(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var (_, v10, v01) = Components(scores, labels);
        return Variance(v10, v10) / v10.Length + Variance(v01, v01) / v01.Length;
    }

    /// <summary>AUC and the structural components: V10 per positive, V01 per negative.</summary>
    private static (double Auc, double[] V10, double[] V01) Components(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var pos = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 1).Select(i => scores[i]).ToArray();
        var neg = Enumerable.Range(0, labels.Count).Where(i => labels[i] != 1).Select(i => scores[i]).ToArray();
        if (pos.Length < 2 || neg.Length < 2) throw new ArgumentException($"DeLong needs at least two images of each class ({pos.Length} positive, {neg.Length} negative)");
        var all = pos.Concat(neg).ToArray();
        double[] rankAll = MidRanks(all), rankPos = MidRanks(pos), rankNeg = MidRanks(neg);
        int m = pos.Length, n = neg.Length;
        var v10 = new double[m];
        var v01 = new double[n];
        for (int i = 0; i < m; i++) v10[i] = (rankAll[i] - rankPos[i]) / n;          // negatives below positive i
        for (int j = 0; j < n; j++) v01[j] = 1 - (rankAll[m + j] - rankNeg[j]) / m;  // positives above negative j
        return (v10.Average(), v10, v01);
    }

    private static double[] MidRanks(double[] x)
    {
        var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
        var ranks = new double[x.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j < order.Length && x[order[j]] == x[order[i]]) j++;
            double mid = 0.5 * (i + j - 1) + 1;
            for (int k = i; k < j; k++) ranks[order[k]] = mid;
            i = j;
        }
        return ranks;
    }

    private static double Variance(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), s = 0;
        for (int i = 0; i < x.Length; i++) s += (x[i] - mx) * (y[i] - my);
        return s / (x.Length - 1);
    }

    /// <summary>The standard normal distribution function (Abramowitz and Stegun 26.2.17 through erfc, error below 1e-7).</summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        // Numerical Recipes' erfc with Chebyshev fit, fractional error below 1.2e-7
        double t = 1 / (1 + 0.5 * Math.Abs(x));
        double y = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? y : 2 - y;
    }
}

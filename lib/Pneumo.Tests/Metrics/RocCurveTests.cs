using Pneumo.Metrics;

namespace Pneumo.Tests.Metrics;

public class RocCurveTests
{
    [Fact]
    public void Auc_HandComputed_WithTies()
    {
        // positives 0.9, 0.6, 0.4; negatives 0.6, 0.3. Pairs: (0.9>0.6) 1, (0.9>0.3) 1, (0.6=0.6) 0.5,
        // (0.6>0.3) 1, (0.4<0.6) 0, (0.4>0.3) 1: 4.5 of 6 = 0.75
        var auc = RocCurve.AreaUnder([0.9, 0.6, 0.4, 0.6, 0.3], [1, 1, 1, 0, 0]);
        Assert.Equal(0.75, auc, 12);
    }

    [Fact]
    public void Auc_RandomCases_EqualsTheRankSumFormula()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 100; trial++)
        {
            int n = rng.Next(2, 60);
            var labels = Enumerable.Range(0, n).Select(i => i == 0 ? 1 : i == 1 ? 0 : rng.Next(2)).ToArray();
            var scores = labels.Select(_ => Math.Round(rng.NextDouble() * 5) / 5).ToArray(); // many ties
            Assert.Equal(RankSum(scores, labels), RocCurve.AreaUnder(scores, labels), 12);
        }
    }

    [Fact]
    public void Compute_Curve_StartsAtOriginAndEndsAtOne()
    {
        var roc = RocCurve.Compute([0.1, 0.8, 0.4, 0.35], [0, 1, 0, 1]);
        Assert.Equal((0.0, 0.0), (roc.FalsePositiveRate[0], roc.TruePositiveRate[0]));
        Assert.Equal((1.0, 1.0), (roc.FalsePositiveRate[^1], roc.TruePositiveRate[^1]));
        Assert.Equal(0.75, roc.Auc, 12);
    }

    [Fact]
    public void Compute_OneClassOnly_Refuses() => Assert.Throws<ArgumentException>(() => RocCurve.Compute([0.1, 0.2], [1, 1]));

    /// <summary>Mann–Whitney U with midranks, divided by n+ × n−.</summary>
    private static double RankSum(double[] scores, int[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) j++;
            for (int k = i; k < j; k++) ranks[order[k]] = (i + j + 1) / 2.0;
            i = j;
        }
        double np = labels.Count(l => l == 1), nn = labels.Length - np;
        double sum = Enumerable.Range(0, scores.Length).Where(i => labels[i] == 1).Sum(i => ranks[i]);
        return (sum - np * (np + 1) / 2) / (np * nn);
    }
}

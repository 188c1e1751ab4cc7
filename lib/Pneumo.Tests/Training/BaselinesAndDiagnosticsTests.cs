using Pneumo.Baselines;
using Pneumo.Training;

namespace Pneumo.Tests.Training;

public class BaselinesAndDiagnosticsTests
{
    [Fact]
    public void LogisticRegression_WithMoreFeaturesThanRows_ReachesTheOptimum_AndWeighsTheInformativeFeatureMost()
    {
        var rng = new Random(3);
        double[] Row(int label) => Enumerable.Range(0, 300).Select(j => rng.NextDouble() + (j == 17 ? 0.6 * label : 0)).ToArray();
        var labels = Enumerable.Range(0, 120).Select(i => i % 3 == 0 ? 1 : 0).ToArray();
        var rows = labels.Select(Row).ToArray();
        var model = LogisticRegression.Fit(rows, labels, c: 1);
        var w = model.Weights();
        Assert.Equal(17, Array.IndexOf(w, w.Max()));
        // first-order optimality of Σ log-loss + ½‖w‖² in standardised space: Σ (p − y) = 0 and Zᵀ(p − y) + w = 0
        var mean = Enumerable.Range(0, 300).Select(j => rows.Average(r => r[j])).ToArray();
        var sd = Enumerable.Range(0, 300).Select(j => Math.Sqrt(rows.Average(r => (r[j] - mean[j]) * (r[j] - mean[j])))).ToArray();
        var residual = rows.Select((r, i) => model.Probability(r) - labels[i]).ToArray();
        Assert.InRange(residual.Sum(), -1e-6, 1e-6);
        for (int j = 0; j < 300; j += 37)
        {
            double g = w[j] + rows.Select((r, i) => (r[j] - mean[j]) / sd[j] * residual[i]).Sum();
            Assert.InRange(g, -1e-6, 1e-6);
        }
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(rows, labels.Select(_ => 1).ToArray()));
    }

    [Fact]
    public void LogisticRegression_OnOneInformativeFeature_RanksHeldOutCases()
    {
        var rng = new Random(4);
        var labels = Enumerable.Range(0, 400).Select(i => i % 4 == 0 ? 1 : 0).ToArray();
        var rows = labels.Select(l => new[] { rng.NextDouble() + l, rng.NextDouble() }).ToArray();
        var model = LogisticRegression.Fit(rows.Take(200).ToArray(), labels.Take(200).ToArray());
        double auc = Pneumo.Metrics.RocCurve.AreaUnder(rows.Skip(200).Select(model.Logit).ToArray(), labels.Skip(200).ToArray());
        Assert.Equal(1.0, auc, 9); // the classes do not overlap on the first feature
    }

    [Fact]
    public void Thumbnail_IsTheBlockMean()
    {
        var pixels = new byte[64 * 64];
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) pixels[y * 64 + x] = (byte)(x < 32 ? 0 : 255);
        pixels[0] = 255; // one bright pixel in the first 2x2 block
        var t = SimpleBaselines.Thumbnail(pixels, 64, 32);
        Assert.Equal(0.25, t[0], 12);
        Assert.Equal(0.0, t[1], 12);
        Assert.Equal(1.0, t[16], 12);
    }

    [Fact]
    public void FoldDiagnostics_FlagsAFoldNearChance_AndADivergingLoss_AndNothingInAHealthyFold()
    {
        EpochRecord E(int epoch, double trainLoss, double valLoss, double auc) => new(epoch, trainLoss, valLoss, auc, 1e-3, 1);
        var healthy = new[] { E(0, 1.1, 0.9, 0.6), E(1, 0.6, 0.5, 0.93), E(2, 0.3, 0.2, 0.99) };
        Assert.Empty(FoldDiagnostics.Check(0, healthy));
        var stuck = new[] { E(0, 0.81, 0.75, 0.555), E(1, 0.75, 0.70, 0.741), E(2, 0.75, 0.65, 0.486) }; // seed 42 fold 0 with 10 epochs
        var warning = Assert.Single(FoldDiagnostics.Check(3, stuck));
        Assert.Contains("fold 3", warning);
        Assert.Contains("near chance", warning);
        var diverging = new[] { E(0, 1.1, 0.9, 0.6), E(1, 0.6, 0.3, 0.95), E(2, 0.5, 25.7, 0.97) };
        Assert.Contains(FoldDiagnostics.Check(1, diverging), w => w.Contains("diverged to 25.7 at epoch 3"));
        var nan = new[] { E(0, double.NaN, 0.9, 0.9) };
        Assert.Contains(FoldDiagnostics.Check(0, nan), w => w.Contains("not finite"));
    }

    [Fact]
    public void EpochOrder_DrawsTheAskedShareOfPositives_SeeingEachBeforeAnyRepeats()
    {
        var entry = new Pneumo.Data.RefinedEntry(0, "x", 0, "", 0, 0, "");
        var train = Enumerable.Range(0, 100).Select(i => new TrainingSample($"i{i}", entry, i < 20 ? 1 : 0, new float[4])).ToList();
        var order = FoldTrainer.EpochOrder(train, 0.5, new Random(1));
        Assert.Equal(100, order.Length);
        Assert.Equal(50, order.Count(s => s.Label == 1));
        Assert.Equal(20, order.Where(s => s.Label == 1).Select(s => s.ImageId).Distinct().Count());
        Assert.Equal(50, order.Where(s => s.Label == 0).Select(s => s.ImageId).Distinct().Count()); // 50 of the 80 negatives, none twice
        var natural = FoldTrainer.EpochOrder(train, 0, new Random(1));
        Assert.Equal(train.Select(s => s.ImageId).Order(), natural.Select(s => s.ImageId).Order());
    }
}

using Pneumo.Masks;
using Pneumo.Metrics;

namespace Pneumo.Tests.Metrics;

public class CalibrationAndLocalizationTests
{
    /// <summary>Labels drawn from a known logistic model, and logits that are 3x too confident and shifted by +1.2 (as a positive-weighted loss shifts them).</summary>
    private static (double[] Logits, int[] Labels) Miscalibrated(int n, int seed)
    {
        var rng = new Random(seed);
        var logits = new double[n];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            double truth = rng.NextDouble() * 6 - 4; // true log-odds
            labels[i] = rng.NextDouble() < PlattScaling.Sigmoid(truth) ? 1 : 0;
            logits[i] = 3 * truth + 1.2;
        }
        return (logits, labels);
    }

    private static double Ece(IEnumerable<double> p, int[] labels) => CalibrationTable.ExpectedCalibrationError(CalibrationTable.Compute(p.ToArray(), labels));

    [Fact]
    public void PlattScaling_FittedOnOneSplit_RecoversTheTemperature_AndLowersTheEceOfAnother()
    {
        var (fitLogits, fitLabels) = Miscalibrated(4000, 1);
        var scaling = PlattScaling.Fit(fitLogits, fitLabels);
        Assert.InRange(scaling.Temperature, 2.6, 3.4);           // the logits were 3x too confident
        Assert.InRange(scaling.Bias, -0.6, -0.2);                // and shifted by +1.2: bias ≈ −1.2 / 3

        var (logits, labels) = Miscalibrated(4000, 2);          // applied to images it was not fitted on
        double before = Ece(logits.Select(PlattScaling.Sigmoid), labels);
        double after = Ece(logits.Select(scaling.Apply), labels);
        Assert.True(before > 0.08, $"the input should be miscalibrated (ECE {before:F3})");
        Assert.True(after < 0.03, $"calibrated ECE {after:F3} (before {before:F3})");
    }

    [Fact]
    public void PlattScaling_OnASeparatedSplit_StaysFinite()
    {
        double[] logits = [-5, -4, -3, -2, 2, 3, 4, 5];
        int[] labels = [0, 0, 0, 0, 1, 1, 1, 1];
        var scaling = PlattScaling.Fit(logits, labels);
        Assert.True(double.IsFinite(scaling.Scale) && double.IsFinite(scaling.Bias) && scaling.Scale > 0);
        // maximum likelihood would send the scale to infinity; the prior stops it, and the separated classes stay apart
        Assert.InRange(scaling.Scale, 1.0, 10.0);
        Assert.True(scaling.Apply(5) > 0.99 && scaling.Apply(-5) < 0.01, $"{scaling.Apply(5)}, {scaling.Apply(-5)}");
        Assert.InRange(scaling.Apply(0), 0.3, 0.7); // even classes: no shift of the middle
        Assert.Throws<ArgumentException>(() => PlattScaling.Fit([1.0, 2.0], [1, 1]));
    }

    [Fact]
    public void FoldCalibration_IsFittedOnValidationOnly_AndThresholdsComeFromIt()
    {
        var (valLogits, valLabels) = Miscalibrated(600, 3);
        var (oofLogits, oofLabels) = Miscalibrated(600, 4);
        var validation = new Dictionary<int, IReadOnlyList<OutOfFoldPrediction>>
        {
            [0] = valLogits.Select((z, i) => OutOfFoldPrediction.FromLogit($"v{i}", 0, valLabels[i], z)).ToList(),
        };
        var oof = oofLogits.Select((z, i) => OutOfFoldPrediction.FromLogit($"o{i}", 0, oofLabels[i], z)).ToList();
        var (calibrated, folds) = FoldCalibration.Apply(oof, validation);
        var expected = PlattScaling.Fit(valLogits, valLabels);
        Assert.Equal(expected, folds[0].Scaling);
        Assert.Equal(expected.Apply(oofLogits[7]), calibrated[7].Probability, 12);
        Assert.Equal(PlattScaling.Sigmoid(oofLogits[7]), calibrated[7].UncalibratedProbability, 12);
        // changing the out-of-fold labels changes nothing that was fitted
        var flipped = oof.Select(p => p with { Label = 1 - p.Label }).ToList();
        Assert.Equal(folds, FoldCalibration.Apply(flipped, validation).Folds);
        var honest = FoldCalibration.Pooled(calibrated, folds, f => f.YoudenThreshold);
        Assert.Equal(600, honest.TruePositives + honest.FalsePositives + honest.TrueNegatives + honest.FalseNegatives);
    }

    [Fact]
    public void PointingGame_IsOneForAHeatmapPeakInTheMask_AndZeroOutside()
    {
        const int size = 64;
        var mask = new BinaryMask(size, size);
        for (int y = 10; y < 20; y++) for (int x = 40; x < 50; x++) mask[y, x] = true;
        var region = GradCamLocalization.Dilate(mask, GradCamLocalization.ToleranceFor(size)); // 3 px
        float[] Peak(int py, int px) => Enumerable.Range(0, size * size).Select(i =>
        {
            int y = i / size, x = i % size;
            return (float)Math.Exp(-((y - py) * (y - py) + (x - px) * (x - px)) / 8.0);
        }).ToArray();
        Assert.True(GradCamLocalization.PointsInside(Peak(15, 45), region));
        Assert.True(GradCamLocalization.PointsInside(Peak(22, 45), region));   // 3 px below the mask: inside the tolerance
        Assert.False(GradCamLocalization.PointsInside(Peak(24, 45), region));  // 5 px below: outside
        Assert.False(GradCamLocalization.PointsInside(Peak(50, 10), region));
        Assert.InRange(GradCamLocalization.MassInside(Peak(15, 45), region), 0.99, 1.0);
        Assert.InRange(GradCamLocalization.MassInside(Peak(50, 10), region), 0.0, 0.01);
        Assert.Equal(100 + 4 * 10 * 3 + 4 * 4, region.Area); // square + four 10x3 bands + four rounded corners ((1..2)² within radius 3: 4 px each)
    }
}

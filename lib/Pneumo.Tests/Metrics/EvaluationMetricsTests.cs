using Pneumo.Metrics;

namespace Pneumo.Tests.Metrics;

public class EvaluationMetricsTests
{
    // scores sorted: 0.9(1) 0.8(0) 0.7(1) 0.6(1) 0.5(0) 0.4(0) 0.3(1) 0.2(0)
    private static readonly double[] Scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    private static readonly int[] Labels = [1, 0, 1, 1, 0, 0, 1, 0];

    [Fact]
    public void AveragePrecision_HandComputed()
    {
        // recall steps at ranks 1, 3, 4, 7 with precisions 1, 2/3, 3/4, 4/7: AP = (1 + 2/3 + 3/4 + 4/7) / 4
        Assert.Equal((1 + 2.0 / 3 + 3.0 / 4 + 4.0 / 7) / 4, PrecisionRecallCurve.Compute(Scores, Labels).AveragePrecision, 12);
    }

    [Fact]
    public void ConfusionMatrix_AtThreshold_HandComputed()
    {
        var m = ConfusionMatrix.At(Scores, Labels, 0.6);
        Assert.Equal((3, 1, 3, 1), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(0.75, m.Sensitivity, 12);
        Assert.Equal(0.75, m.Specificity, 12);
        Assert.Equal(0.75, m.F1, 12);
    }

    [Fact]
    public void OperatingPoints_YoudenAndSpecificity_HandComputed()
    {
        // J at 0.6: 0.75 + 0.75 - 1 = 0.5, the maximum; 90% specificity needs no false positive: threshold 0.9
        Assert.Equal(0.6, OperatingPoints.Youden(Scores, Labels), 12);
        Assert.Equal(0.9, OperatingPoints.AtSpecificity(Scores, Labels, 0.9), 12);
        Assert.Equal(0.6, OperatingPoints.AtSpecificity(Scores, Labels, 0.75), 12); // FP = 1 down to 0.6, then 2
    }

    [Fact]
    public void Bootstrap_IntervalBracketsTheEstimate_AndIsSeeded()
    {
        var rng = new Random(5);
        var labels = Enumerable.Range(0, 300).Select(i => i % 4 == 0 ? 1 : 0).ToArray();
        var scores = labels.Select(l => l + rng.NextDouble() * 1.5).ToArray();
        var ci = BootstrapInterval.Compute(scores, labels, RocCurve.AreaUnder, 500, 0.95, 3);
        Assert.InRange(ci.Estimate, ci.Lower, ci.Upper);
        Assert.True(ci.Upper - ci.Lower is > 0.01 and < 0.2, ci.ToString());
        Assert.Equal(ci, BootstrapInterval.Compute(scores, labels, RocCurve.AreaUnder, 500, 0.95, 3));
    }

    [Fact]
    public void Calibration_Bins_HandComputed()
    {
        var table = CalibrationTable.Compute([0.05, 0.15, 0.12, 0.95, 0.91], [0, 1, 0, 1, 1], bins: 10);
        Assert.Equal(3, table.Count);
        Assert.Equal((2, 0.135, 0.5), (table[1].Count, Math.Round(table[1].MeanPredicted, 3), table[1].ObservedRate));
        // |0 − 0.05|·1 + |0.5 − 0.135|·2 + |1 − 0.93|·2, over 5
        Assert.Equal((0.05 + 0.73 + 0.14) / 5, CalibrationTable.ExpectedCalibrationError(table), 9);
    }
}

public class ReportCultureTests
{
    [Fact]
    public void ConfidenceInterval_Prints95PercentWithoutASpace()
    {
        Assert.Equal("95 %", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{0.95:P0}")); // what the invariant culture writes
        Assert.Equal("0.912 (95% CI 0.871–0.950)", new Pneumo.Metrics.ConfidenceInterval(0.912, 0.871, 0.95, 0.95).ToString());
        Assert.Equal("12.5%", string.Create(Pneumo.Tables.ReportCulture.Culture, $"{0.125:P1}"));
        Assert.Equal("-3%", string.Create(Pneumo.Tables.ReportCulture.Culture, $"{-0.03:P0}"));
    }
}

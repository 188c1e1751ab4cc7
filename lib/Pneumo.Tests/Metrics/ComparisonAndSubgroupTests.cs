using System.Globalization;
using System.Text.Json;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;

namespace Pneumo.Tests.Metrics;

/// <summary>
/// DeLong's paired test against its definition computed pair by pair; the classification report against
/// scikit-learn's; subgroups and the fold balance beyond the label on constructed cases whose answer is known.
/// </summary>
public class ComparisonAndSubgroupTests
{
    private static (double[] A, double[] B, int[] Labels) Scores(int n, int seed)
    {
        var rng = new Random(seed);
        var labels = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3 ? 1 : 0).ToArray();
        // A separates better than B; both rounded to two decimals so that ties occur
        var a = labels.Select(l => Math.Round(l * 0.8 + rng.NextDouble(), 2)).ToArray();
        var b = labels.Select((l, i) => Math.Round(l * 0.3 + 0.5 * a[i] + rng.NextDouble(), 2)).ToArray();
        return (a, b, labels);
    }

    /// <summary>The DeLong covariance of two AUCs from the pairwise kernel ψ (1 above, ½ tied, 0 below), O(m·n).</summary>
    private static (double AucA, double AucB, double VarDiff) ByDefinition(double[] a, double[] b, int[] labels)
    {
        int[] pos = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1).ToArray(), neg = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 0).ToArray();
        double Psi(double x, double y) => x > y ? 1 : x == y ? 0.5 : 0;
        double[] V10(double[] s) => pos.Select(i => neg.Average(j => Psi(s[i], s[j]))).ToArray();
        double[] V01(double[] s) => neg.Select(j => pos.Average(i => Psi(s[i], s[j]))).ToArray();
        double Cov(double[] x, double[] y) { double mx = x.Average(), my = y.Average(); return x.Zip(y, (p, q) => (p - mx) * (q - my)).Sum() / (x.Length - 1); }
        double[] a10 = V10(a), b10 = V10(b), a01 = V01(a), b01 = V01(b);
        double var = (Cov(a10, a10) + Cov(b10, b10) - 2 * Cov(a10, b10)) / pos.Length + (Cov(a01, a01) + Cov(b01, b01) - 2 * Cov(a01, b01)) / neg.Length;
        return (a10.Average(), b10.Average(), var);
    }

    [Theory]
    [InlineData(60, 1)]
    [InlineData(300, 2)]
    public void DeLong_MatchesTheDefinition_WithTies(int n, int seed)
    {
        var (a, b, labels) = Scores(n, seed);
        var result = DeLongTest.Compare(a, b, labels);
        var (aucA, aucB, varDiff) = ByDefinition(a, b, labels);
        Assert.Equal(aucA, result.AucA, 12);
        Assert.Equal(aucB, result.AucB, 12);
        Assert.Equal(RocCurve.AreaUnder(a, labels), result.AucA, 12);
        double se = Math.Sqrt(varDiff);
        Assert.Equal(1.959964 * se, result.Difference.Upper - result.Difference.Estimate, 5);
        Assert.Equal((aucA - aucB) / se, result.Z, 9);
        Assert.Equal(2 * (1 - DeLongTest.NormalCdf(Math.Abs((aucA - aucB) / se))), result.PValue, 9);
    }

    [Fact]
    public void DeLong_SameScores_NoDifference_ClearlyBetterModel_SmallP()
    {
        var (a, b, labels) = Scores(400, 3);
        var same = DeLongTest.Compare(a, a, labels);
        Assert.Equal(0, same.Difference.Estimate);
        Assert.Equal(1, same.PValue);
        var perfect = labels.Select(l => (double)l + 0.01).ToArray();
        var weak = labels.Select((l, i) => 0.2 * l + b[i] - 0.3 * l).ToArray();
        var versus = DeLongTest.Compare(perfect, weak, labels);
        Assert.True(versus.PValue < 0.001, $"p = {versus.PValue}");
        Assert.Equal(0.975, DeLongTest.NormalCdf(1.959964), 6);
        Assert.Throws<ArgumentException>(() => DeLongTest.Compare([0.1, 0.2, 0.3], [0.1, 0.2, 0.3], [1, 0, 0]));
    }

    [Fact]
    public void ClassificationReport_AgreesWithScikitLearn()
    {
        var rng = new Random(9);
        var labels = Enumerable.Range(0, 200).Select(_ => rng.NextDouble() < 0.25 ? 1 : 0).ToArray();
        var scores = labels.Select(l => 0.4 * l + 0.7 * rng.NextDouble()).ToArray();
        var m = ConfusionMatrix.At(scores, labels, 0.5);
        var predicted = scores.Select(s => s >= 0.5 ? 1 : 0).ToArray();
        var json = ExternalTool.Python("""
import sys, json
from sklearn.metrics import classification_report
y = [int(c) for c in sys.argv[1]]; p = [int(c) for c in sys.argv[2]]
print(json.dumps(classification_report(y, p, output_dict=True)))
""", string.Concat(labels), string.Concat(predicted));
        using var doc = JsonDocument.Parse(json);
        var report = m.ClassificationReport();
        foreach (var (ours, theirs) in new[] { ("0 no pneumothorax", "0"), ("1 pneumothorax", "1"), ("macro avg", "macro avg"), ("weighted avg", "weighted avg") })
        {
            var row = report.Row(ours);
            var expected = doc.RootElement.GetProperty(theirs);
            Assert.Equal(expected.GetProperty("precision").GetDouble(), (double)row[1]!, 12);
            Assert.Equal(expected.GetProperty("recall").GetDouble(), (double)row[2]!, 12);
            Assert.Equal(expected.GetProperty("f1-score").GetDouble(), (double)row[3]!, 12);
            Assert.Equal(expected.GetProperty("support").GetDouble(), Convert.ToDouble(row[4], CultureInfo.InvariantCulture), 12);
        }
        Assert.Equal(doc.RootElement.GetProperty("accuracy").GetDouble(), (double)report.Row("accuracy")[3]!, 12);
    }

    private static ImageMetadata Row(string id, string view, string sex, double? age, int label, string patient) =>
        new(id, id + ".dcm", age?.ToString(CultureInfo.InvariantCulture), age, sex, view, "CR", "CHEST", 256, 256, 0.17, 0.17, "MONOCHROME2", "1.2.840.10008.1.2.4.50", "JPEG Baseline", 1000, label, label, label * 100, patient);

    [Fact]
    public void Subgroups_PerfectOnAp_RandomOnPa_AreToldApart()
    {
        var rng = new Random(4);
        var rows = new List<ImageMetadata>();
        var predictions = new List<OutOfFoldPrediction>();
        for (int i = 0; i < 400; i++)
        {
            bool isAp = i % 2 == 0;
            int label = rng.NextDouble() < 0.3 ? 1 : 0;
            double age = 20 + rng.Next(60);
            rows.Add(Row($"img{i}", isAp ? "AP" : "PA", i % 3 == 0 ? "F" : "M", i == 7 ? null : age, label, $"p{i}"));
            double probability = isAp ? (label == 1 ? 0.9 : 0.1) : rng.NextDouble();
            predictions.Add(new OutOfFoldPrediction($"img{i}", i % 5, label, probability));
        }
        var byId = rows.ToDictionary(r => r.ImageId);
        var groups = SubgroupAnalysis.Compute(predictions, byId, _ => 0.5, seed: 1, resamples: 200);
        var ap = groups.Single(g => g.Variable == "ViewPosition" && g.Value == "AP");
        var pa = groups.Single(g => g.Variable == "ViewPosition" && g.Value == "PA");
        Assert.Equal(1.0, ap.Auc.Estimate, 12);
        Assert.Equal((1.0, 1.0), (ap.AtThreshold.Sensitivity, ap.AtThreshold.Specificity));
        Assert.InRange(pa.Auc.Estimate, 0.35, 0.65);
        Assert.True(pa.Auc.Upper < 1 && pa.Auc.Lower < 0.5 + 0.15);
        Assert.Equal(200, ap.Images);
        Assert.Equal(rows.Count(r => r.ViewPosition == "AP" && r.Label == 1), ap.Positives);
        // the missing age forms no group; the bands come in age order
        Assert.Equal(399, groups.Where(g => g.Variable == "AgeBand").Sum(g => g.Images));
        Assert.Equal(AgeBand.Names, groups.Where(g => g.Variable == "AgeBand").Select(g => g.Value).ToList());
        Assert.Throws<KeyNotFoundException>(() => SubgroupAnalysis.Compute([new OutOfFoldPrediction("unknown", 0, 1, 0.5)], byId, _ => 0.5));
    }

    [Fact]
    public void FoldBalance_BeyondTheLabel_SeesAnApFold_AndASharedPatient()
    {
        var rows = new List<ImageMetadata>();
        var samples = new List<FoldSample>();
        var folds = new Dictionary<string, int>();
        for (int i = 0; i < 200; i++)
        {
            int fold = i % 4;
            string view = fold == 0 ? "AP" : i % 8 == 1 ? "AP" : "PA"; // fold 0 all AP, the others about a quarter or none
            string patient = i == 5 ? "p0" : $"p{i}";                   // image 5 (fold 1) shares patient p0 (fold 0)
            rows.Add(Row($"img{i}", view, i % 2 == 0 ? "F" : "M", 30 + i % 40, i % 5 == 0 ? 1 : 0, patient));
            samples.Add(new FoldSample($"img{i}", i % 5 == 0 ? 1 : 0, patient));
            folds[$"img{i}"] = fold;
        }
        var balance = FoldCovariateBalance.Compute(new FoldAssignment(samples, folds, 4), new MetadataTable(rows));
        Assert.Equal(1.0, balance.Folds[0].ApShare, 12);
        var ap = balance.Imbalance.Single(b => b.Variable == "AP share");
        double overall = rows.Count(r => r.ViewPosition == "AP") / 200.0;
        Assert.Equal(1.0 - overall, ap.MaxDeviation, 12);
        Assert.True(ap.CramersV > 0.5, $"V = {ap.CramersV}");
        Assert.Equal(["p0"], balance.PatientsInSeveralFolds);
        Assert.Equal(4, balance.Table().Rows.Count);
    }
}

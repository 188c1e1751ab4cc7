using System.Globalization;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;
using Pneumo.Workbook;

namespace Pneumo.Tests.Workbook;

/// <summary>The generated prose carries the figures it is written from, and changes its verdict with them.</summary>
public class FindingsTests
{
    private static ImageMetadata Row(int i, string view, int label, double age) =>
        new($"img{i}", $"img{i}.dcm", age.ToString(CultureInfo.InvariantCulture), age, i % 2 == 0 ? "F" : "M", view, "CR", "CHEST", 256, 256, 0.17, 0.17,
            "MONOCHROME2", "1.2.840.10008.1.2.4.50", "JPEG Baseline", 1000, label, label, label * 50, $"p{i}");

    [Fact]
    public void LabelAgainstMetadata_StatesTheRates_AndWhetherTheyDiffer()
    {
        // AP: 60 of 100 positive; PA: 10 of 100 — intervals far apart
        var rows = Enumerable.Range(0, 200).Select(i => Row(i, i < 100 ? "AP" : "PA", i < 100 ? (i < 60 ? 1 : 0) : (i < 110 ? 1 : 0), 20 + i % 60)).ToList();
        var text = Findings.LabelAgainstMetadata(new MetadataTable(rows)).Markup;
        Assert.Contains("highest for AP (60.0", text.Replace(" %", "%"));
        Assert.Contains("lowest for PA (10.0", text.Replace(" %", "%"));
        Assert.Contains("do not overlap", text);
        // the same share in both views: no difference claimed
        var even = Enumerable.Range(0, 200).Select(i => Row(i, i < 100 ? "AP" : "PA", i % 5 == 0 ? 1 : 0, 20 + i % 60)).ToList();
        Assert.Contains("the intervals overlap", Findings.LabelAgainstMetadata(new MetadataTable(even)).Markup);
    }

    [Fact]
    public void Subgroups_NamesTheWeakestGroup_AndJudgesItAgainstThePooledAuc()
    {
        var report = new EvaluationReport(new ConfidenceInterval(0.95, 0.93, 0.97, 0.95), 0.9, [], new ConfusionMatrix(0.5, 1, 1, 1, 1), new ConfusionMatrix(0.5, 1, 1, 1, 1),
            [], 0.05, RocCurve.Compute([0.1, 0.9], [0, 1]), PrecisionRecallCurve.Compute([0.1, 0.9], [0, 1]))
        {
            Subgroups =
            [
                new SubgroupResult("ViewPosition", "AP", 150, 40, new ConfidenceInterval(0.80, 0.72, 0.88, 0.95), new ConfusionMatrix(double.NaN, 30, 5, 105, 10)),
                new SubgroupResult("ViewPosition", "PA", 250, 50, new ConfidenceInterval(0.97, 0.95, 0.99, 0.95), new ConfusionMatrix(double.NaN, 48, 3, 197, 2)),
            ],
        };
        var text = Findings.Subgroups(report).Markup;
        Assert.Contains("0.800 for ViewPosition AP", text);
        Assert.Contains("weaker there", text);
        Assert.Contains("0.750 (ViewPosition AP, 30 of 40)", text);
    }

    [Fact]
    public void FoldBalance_ReportsTheLargestDeviation_AndSharedPatients()
    {
        var rows = Enumerable.Range(0, 100).Select(i => Row(i, i % 4 == 0 ? "AP" : "PA", i % 5 == 0 ? 1 : 0, 30 + i % 40)).ToList();
        var samples = rows.Select(r => new FoldSample(r.ImageId, r.Label!.Value, r.ImageId == "img1" ? "p0" : r.PatientKey)).ToList();
        var folds = rows.Select((r, i) => (r.ImageId, Fold: i % 2)).ToDictionary(x => x.ImageId, x => x.Fold);
        var balance = FoldCovariateBalance.Compute(new FoldAssignment(samples, folds, 2), new MetadataTable(rows));
        var text = Findings.FoldBalance(balance).Markup;
        var ap = balance.Imbalance.Single(b => b.Variable == "AP share");
        Assert.Contains((100 * ap.MaxDeviation).ToString("F1", CultureInfo.InvariantCulture) + " percentage points", text);
        Assert.Contains("1 patient(s) have images in more than one fold", text);
    }
}

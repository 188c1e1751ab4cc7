using System.Text.Json;
using Pneumo.Runs;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Segmentation;
using Pneumo.Tests.Synthesis;
using Pneumo.Training;

namespace Pneumo.Tests.Segmentation;

/// <summary>
/// A segmentation run on a tiny sample: folds trained and resumed, the triplet chosen on the inner validation, and
/// <c>oof-masks.csv</c> decoded with the label-file reader giving back the reported Dice exactly.
/// </summary>
[Collection(TorchCollection.Name)]
public class SegmentationRunTests(SyntheticSampleFixture sample) : IClassFixture<SyntheticSampleFixture>
{
    [Fact]
    public void SegmentationRun_WritesKaggleMasks_WhoseDiceIsTheReportedOne()
    {
        using var tmp = TestFiles.NewTempFolder();
        var dataset = SiimDataset.Open(sample.Root);
        var labels = dataset.ReadLabels();
        var clean = DatasetCleaner.Clean(dataset, labels, MetadataTable.Scan(dataset, labels), verifyPixels: false).Clean;
        var report = RefinedCache.Build(dataset, labels, clean, tmp.File("refined"), 64);
        clean = new MetadataTable(clean.Rows.Where(r => !report.Failures.Any(f => f.ImageId == r.ImageId) && r.Label is not null).ToList());
        var folds = FoldAssignment.Create(clean.Rows.Select(r => new FoldSample(r.ImageId, r.Label ?? 0, r.PatientKey)).ToList(), 3, 3);
        var config = new TrainingConfig { Task = TrainingTask.Segmentation, ImageSize = 64, Epochs = 2, BatchSize = 4, Folds = 3, Seed = 5, Device = "cpu",
            Threads = 1 };
        var run = ExperimentRun.Create(tmp.File("runs"), config, clean, folds, RefinedCache.FolderFor(tmp.File("refined"), 64), dataRoot: sample.Root);

        Assert.Null(SegmentationRun.Train(run, onlyFold: 0));             // one fold, then the rest (a resumed run)
        var result = SegmentationRun.Train(ExperimentRun.Open(run.Folder))!;
        Assert.Equal(3, result.Folds.Count);
        Assert.Throws<InvalidOperationException>(() => run.Train());      // not a classification run

        var oof = LabelFile.Read(Path.Combine(run.Folder, "oof-masks.csv"));
        var rows = clean.Rows.ToDictionary(r => r.ImageId);
        Assert.Equal(clean.Rows.Count, oof.ImageCount);
        var dice = oof.Rows.Select(r => r.ImageId).Distinct().Select(id =>
        {
            var row = rows[id];
            int w = row.Columns!.Value, h = row.Rows!.Value;
            return DiceScore.Of(labels.MaskOf(id, w, h).Pixels, oof.MaskOf(id, w, h).Pixels);
        }).ToList();
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Folder, "metrics.json")));
        Assert.Equal("segmentation", metrics.RootElement.GetProperty("task").GetString());
        Assert.Equal(dice.Average(), metrics.RootElement.GetProperty("dice").GetDouble(), 12);
        Assert.Equal(result.Dice.Estimate, dice.Average(), 12);
        foreach (var f in metrics.RootElement.GetProperty("folds").EnumerateArray())
            Assert.True(f.GetProperty("triplet").GetProperty("topScore").GetDouble() > 0);
        Assert.InRange(result.Auc.Estimate, 0, 1);
        Assert.Null(run.ReadSavedMetrics()); // classification views skip it

        // the notebook and the run table read the saved figures back without rewriting the run's files
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(run.Folder, "oof-masks.csv"));
        var saved = SegmentationRun.ReadReport(ExperimentRun.Open(run.Folder))!;
        Assert.Equal(result.Dice, saved.Dice);
        Assert.Equal(result.Auc, saved.Auc);
        Assert.Equal(result.Folds, saved.Folds);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(run.Folder, "oof-masks.csv")));
        var summary = RunSummary.Read(run.Folder);
        Assert.Equal(TrainingTask.Segmentation, summary.Task);
        Assert.Equal(result.Dice, summary.Dice);
        Assert.Equal(result.Folds.Select(f => f.Dice), summary.FoldDices);
        Assert.Equal(result.Auc.Estimate, summary.Auc, 12);
    }
}

using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Synthesis;
using Pneumo.Training;

namespace Pneumo.Tests.Training;

/// <summary>
/// The default recipe learns: on a small synthetic sample at 128 px (every fold trained, three seeds of two), every
/// fold's out-of-fold AUC leaves chance and the pooled AUC is well above the thumbnail baseline's floor. A recipe that
/// sits on an edge (one fold stuck at chance in most seeds, as before balanced epochs) fails this.
/// </summary>
[Collection(TorchCollection.Name)]
public class LearningTests
{
    private const int Size = 128;

    [Fact]
    public void DefaultRecipe_OnASmallSample_LearnsEveryFold_ForTwoSeeds()
    {
        using var tmp = TestFiles.NewTempFolder();
        var root = tmp.File("raw");
        SyntheticDataset.Generate(root, new SyntheticOptions(Count: 300, Size: 256, Seed: 8, PlantQuirks: false));
        var dataset = SiimDataset.Open(root);
        var labels = dataset.ReadLabels();
        var clean = DatasetCleaner.Clean(dataset, labels, MetadataTable.Scan(dataset, labels), verifyPixels: false).Clean;
        var refined = tmp.File("refined");
        RefinedCache.Build(dataset, labels, clean, refined, Size);
        var results = new List<string>();
        foreach (int seed in new[] { 1, 2 })
        {
            var config = new TrainingConfig { ImageSize = Size, Epochs = 15, Folds = 3, Seed = seed, Device = "cpu", Patience = 15 };
            var folds = FoldAssignment.Create(clean.Rows.Select(r => new FoldSample(r.ImageId, r.Label ?? 0, r.PatientKey)).ToList(), config.Folds, seed);
            var run = ExperimentRun.Create(tmp.File($"runs-{seed}"), config, clean, folds, RefinedCache.FolderFor(refined, Size));
            var report = run.Train()!;
            results.Add($"seed {seed}: pooled {report.Auc.Estimate:F3}, folds {string.Join(", ", report.Folds.Select(f => f.Auc.ToString("F3")))}, " +
                $"thumbnail baseline {report.Baselines.Single(b => b.Name == "thumbnailLogistic").Auc.Estimate:F3}, warnings: {string.Join("; ", report.Warnings)}");
            Assert.All(report.Folds, f => Assert.True(f.Auc >= 0.7, string.Join(Environment.NewLine, results)));
            Assert.True(report.Auc.Estimate >= 0.8, string.Join(Environment.NewLine, results));
        }
    }
}

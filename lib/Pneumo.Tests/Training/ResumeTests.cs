using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;
using Pneumo.Modeling;
using Pneumo.Tests.Synthesis;
using Pneumo.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Tests.Training;

/// <summary>An interrupted run, resumed, ends exactly where an uninterrupted one does (CPU, same seed).</summary>
[Collection(TorchCollection.Name)]
public class ResumeTests(SyntheticSampleFixture sample) : IClassFixture<SyntheticSampleFixture>
{
    private static readonly TrainingConfig Config = new()
    {
        ImageSize = 32, Epochs = 3, BatchSize = 4, Folds = 3, Seed = 11, Device = "cpu", Patience = 10, UseMetadata = true,
    };

    private (MetadataTable Clean, FoldAssignment Folds, string Refined) Prepare(TestFiles.TempFolder tmp)
    {
        var dataset = SiimDataset.Open(sample.Root);
        var labels = dataset.ReadLabels();
        var clean = DatasetCleaner.Clean(dataset, labels, MetadataTable.Scan(dataset, labels), verifyPixels: false).Clean;
        clean = new MetadataTable(clean.Rows.Where(r => !r.Flags.Contains("unreadable")).ToList());
        var refined = tmp.File("refined");
        var report = RefinedCache.Build(dataset, labels, clean, refined, 32);
        var cached = new MetadataTable(clean.Rows.Where(r => !report.Failures.Any(f => f.ImageId == r.ImageId)).ToList());
        var folds = FoldAssignment.Create(cached.Rows.Select(r => new FoldSample(r.ImageId, r.Label ?? 0, r.PatientKey)).ToList(), Config.Folds, 3);
        return (cached, folds, RefinedCache.FolderFor(refined, 32));
    }

    private sealed class CancelAt(CancellationTokenSource cts, int fold, int epoch, int batch) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (p.Fold == fold && p.Epoch == epoch && p.Batch == batch && p.Message is null) cts.Cancel();
        }
    }

    [Fact]
    public void Interrupted_MiddleEpochOfMiddleFold_ResumesToTheSameResult()
    {
        using var tmp = TestFiles.NewTempFolder();
        var (clean, folds, refined) = Prepare(tmp);

        var straight = ExperimentRun.Create(tmp.File("runs"), Config, clean, folds, refined);
        var expected = straight.Train()!;

        var interrupted = ExperimentRun.Create(tmp.File("runs"), Config, clean, folds, refined);
        Assert.NotEqual(straight.Folder, interrupted.Folder); // runs never overwrite each other
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Train(new CancelAt(cts, fold: 1, epoch: 1, batch: 2), cts.Token));
        Assert.True(File.Exists(Path.Combine(interrupted.Folder, "fold-0", "predictions.csv")));
        Assert.False(File.Exists(Path.Combine(interrupted.Folder, "fold-1", "predictions.csv")));
        Assert.Equal(1, FoldState.Load(Path.Combine(interrupted.Folder, "fold-1", "state.json")).EpochsDone);

        var resumed = ExperimentRun.Open(interrupted.Folder).Train()!;
        var a = EvaluationReport.ReadPredictions(straight.PredictionsPath);
        var b = EvaluationReport.ReadPredictions(Path.Combine(interrupted.Folder, "oof-predictions.csv"));
        Assert.Equal(a.Select(p => (p.ImageId, p.Fold, p.Label)), b.Select(p => (p.ImageId, p.Fold, p.Label)));
        Assert.Equal(a.Select(p => p.Probability), b.Select(p => p.Probability));
        Assert.Equal(expected.Auc, resumed.Auc);
        Assert.Equal(expected.AveragePrecision, resumed.AveragePrecision);

        foreach (var name in new[] { "config.json", "clean.csv", "folds.csv", "oof-predictions.csv", "metrics.json", "fold-metrics.csv", "calibration.csv", "roc.csv", "fold-1/epochs.csv", "fold-1/best.weights" })
            Assert.True(File.Exists(Path.Combine(interrupted.Folder, name)), name);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(interrupted.Folder, "tensorboard"), "*", SearchOption.AllDirectories));
        Assert.Contains("\"gitCommit\"", File.ReadAllText(Path.Combine(interrupted.Folder, "config.json")));
    }

    [Fact]
    public void GradCam_GivesAHeatmapOfTheImageSize_WithoutLeaks()
    {
        torch.manual_seed(1);
        using var model = new PneumothoraxClassifier(ModelKind.Small, useMetadata: true);
        using var image = randn(1, 1, 64, 64);
        using var meta = zeros(1, 4);
        GradCam.Compute(model, image, meta);
        long before = Tensor.TotalCount;
        var (map, probability) = GradCam.Compute(model, image, meta);
        Assert.Equal(before, Tensor.TotalCount);
        Assert.Equal(64 * 64, map.Length);
        Assert.All(map, v => Assert.InRange(v, 0f, 1f));
        Assert.InRange(probability, 0, 1);
        Assert.True(map.Max() == 1f || map.All(v => v == 0f));
    }

    [Fact]
    public void FinishedRun_ServesItsSavedReport_AndGradCamLoadsEachFoldModelOnce()
    {
        using var tmp = TestFiles.NewTempFolder();
        var (clean, folds, refined) = Prepare(tmp);
        var run = ExperimentRun.Create(tmp.File("runs"), Config, clean, folds, refined);
        var computed = run.Train()!;
        var metricsBefore = File.ReadAllText(Path.Combine(run.Folder, "metrics.json"));

        var reopened = ExperimentRun.Open(run.Folder);
        Assert.True(reopened.IsFinished);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(run.Folder, "clean.csv")))).ToLowerInvariant(),
            reopened.Info.CleanTableDigest); // which data, exactly
        var read = reopened.ReadReport()!;
        Assert.Equal(computed.Auc, read.Auc);
        Assert.Equal(computed.AveragePrecision, read.AveragePrecision, 12);
        Assert.Equal(computed.AtYouden, read.AtYouden);
        Assert.Equal(computed.AtSpecificity90, read.AtSpecificity90);
        Assert.Equal(computed.Roc.TruePositiveRate, read.Roc.TruePositiveRate);
        Assert.Equal(computed.Folds.Select(f => f.Auc), read.Folds.Select(f => f.Auc));
        Assert.Equal(metricsBefore, File.ReadAllText(Path.Combine(run.Folder, "metrics.json"))); // read, not rewritten
        // what is fitted on each fold's inner validation, the baselines and the warnings survive the round trip
        Assert.Equal(computed.Warnings, read.Warnings);
        Assert.All(read.Folds, f => Assert.True(double.IsFinite(f.Temperature) && double.IsFinite(f.YoudenThreshold), $"fold {f.Fold}: temperature {f.Temperature}, threshold {f.YoudenThreshold}"));
        Assert.Equal(computed.AtYoudenInnerValidation, read.AtYoudenInnerValidation);
        Assert.Equal(clean.Rows.Count, read.AtYoudenInnerValidation!.TruePositives + read.AtYoudenInnerValidation.FalsePositives + read.AtYoudenInnerValidation.TrueNegatives + read.AtYoudenInnerValidation.FalseNegatives);
        Assert.Equal(["meanIntensity", "thumbnailLogistic", "metadataOnly"], read.Baselines.Select(b => b.Name));
        Assert.Equal(computed.Baselines.Select(b => b.Auc), read.Baselines.Select(b => b.Auc));
        Assert.True(double.IsFinite(read.ExpectedCalibrationErrorUncalibrated));

        var predictions = reopened.ReadPredictions();
        var two = predictions.GroupBy(p => p.Fold).Take(2).SelectMany(g => g.Take(2)).ToList();
        using var models = reopened.OpenModels();
        foreach (var p in two)
        {
            var (heat, probability, image) = models.GradCam(p.ImageId);
            Assert.Equal(Config.ImageSize * Config.ImageSize, heat.Length);
            Assert.Equal(p.UncalibratedProbability, probability, 4); // the fold's own model gives the prediction it made out of fold (before calibration)
            Assert.Equal(heat.Length, image.Length);
        }
        Assert.Equal(2, models.Loaded);
    }
}

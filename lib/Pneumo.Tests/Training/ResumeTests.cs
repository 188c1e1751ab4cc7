using Pneumo.Runs;
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
        using var model = new PneumothoraxClassifier(Architectures.Small, useMetadata: true);
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

    [Fact]
    public void FromPretrainedWeights_TrainsRecordsTheFileAndRefusesAChangedOne()
    {
        using var tmp = TestFiles.NewTempFolder();
        var (clean, folds, refined) = Prepare(tmp);
        var weights = tmp.File("resnet18.pth");
        ExternalTool.Python("import sys, torch, torchvision; torch.manual_seed(0); torch.save(torchvision.models.resnet18(weights=None).state_dict(), sys.argv[1])", weights);
        var config = Config with { Model = "resnet18", InitWeights = weights, FreezeEpochs = 1, Epochs = 2, UseMetadata = false };

        // a file that does not fit fails at creation, in one line, before any run folder exists
        var runs = tmp.File("runs");
        var ex = Assert.Throws<DataFileException>(() => ExperimentRun.Create(runs, config with { Model = "resnet50" }, clean, folds, refined));
        Assert.Contains("in the file but", ex.Message);
        Assert.False(Directory.Exists(runs) && Directory.EnumerateDirectories(runs).Any());

        var run = ExperimentRun.Create(runs, config, clean, folds, refined);
        using (var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Folder, "config.json"))))
        {
            var sha = Pneumo.Modeling.PretrainedWeights.Sha256(weights);
            Assert.Equal(sha, doc.RootElement.GetProperty("config").GetProperty("initWeightsSha256").GetString());
            var init = doc.RootElement.GetProperty("initWeights");
            Assert.Equal(sha, init.GetProperty("sha256").GetString());
            Assert.Equal(100, init.GetProperty("loaded").GetInt32()); // every tensor of ResNet-18 but fc and the batch counters
            Assert.Empty(init.GetProperty("missing").EnumerateArray());
            Assert.Equal(["fc.bias", "fc.weight"], init.GetProperty("unexpected").EnumerateArray().Select(e => e.GetString() ?? "").ToArray());
            Assert.True(init.GetProperty("summedInputChannels").GetBoolean());
        }
        Assert.Null(run.Train(onlyFold: 0));
        Assert.Equal(2, FoldState.Load(Path.Combine(run.FoldFolder(0), "state.json")).EpochsDone);

        // the file changes between folds: the next fold refuses it instead of silently starting from other weights
        File.AppendAllText(weights, " ");
        var changed = Assert.Throws<DataFileException>(() => ExperimentRun.Open(run.Folder).Train(onlyFold: 1));
        Assert.Contains("changed since the run was created", changed.Message);
    }

    [Fact]
    public async Task TwoFoldsInTwoConcurrentProcesses_GiveTheSamePredictions_AsOneAfterTheOther()
    {
        using var tmp = TestFiles.NewTempFolder();
        var (clean, folds, refined) = Prepare(tmp);
        var config = Config with { Threads = 1, Epochs = 2 };
        var shared = ExperimentRun.Create(tmp.File("runs-shared"), config, clean, folds, refined);
        var cli = Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll");
        // two jobs of an array, started together, each training one fold into the same run folder
        var jobs = new[] { 0, 1 }.Select(k => Task.Run(() => ExternalTool.Run("dotnet", [cli, "train", "--run", shared.Folder, "--fold", k.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeoutMs: 600_000))).ToArray();
        foreach (var (exitCode, _, stderr) in await Task.WhenAll(jobs)) Assert.True(exitCode == 0, stderr);
        Assert.Equal([2], ExperimentRun.Open(shared.Folder).MissingFolds);

        var sequential = ExperimentRun.Create(tmp.File("runs-sequential"), config, clean, folds, refined);
        Assert.Null(sequential.Train(onlyFold: 0));
        Assert.Null(sequential.Train(onlyFold: 1));
        foreach (int k in new[] { 0, 1 })
            Assert.Equal(File.ReadAllText(Path.Combine(sequential.FoldFolder(k), "predictions.csv")), File.ReadAllText(Path.Combine(shared.FoldFolder(k), "predictions.csv")));

        // evaluate pools what is done and says what is missing
        var (code, stdout, evaluateErr) = ExternalTool.Run("dotnet", [cli, "evaluate", shared.Folder], timeoutMs: 300_000);
        Assert.True(code == 0, evaluateErr);
        Assert.Contains("folds 2 of 3 are not trained yet", stdout);
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(shared.Folder, "metrics.json")));
        Assert.Contains(metrics.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("folds 2 not trained yet", StringComparison.Ordinal));
        Assert.Equal(2, metrics.RootElement.GetProperty("folds").GetArrayLength());
    }
}

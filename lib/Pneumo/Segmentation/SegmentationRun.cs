using System.Text.Json;
using Pneumo.Compute;
using Pneumo.Data;
using Pneumo.IO;
using Pneumo.Masks;
using Pneumo.Metrics;
using Pneumo.Tables;
using Pneumo.Training;
using TorchSharp;

namespace Pneumo.Segmentation;

/// <summary>One fold's segmentation result out of fold.</summary>
/// <param name="Fold">The fold.</param>
/// <param name="Images">Out-of-fold images.</param>
/// <param name="Positives">Among them with a pneumothorax.</param>
/// <param name="Dice">The competition's mean Dice at the DICOM's size.</param>
/// <param name="DiceOnPositives">Mean Dice over the positive images only.</param>
/// <param name="Auc">Image-level ROC AUC of the top pixel probability.</param>
/// <param name="Decision">The triplet chosen on the fold's inner validation.</param>
/// <param name="ValidationDice">The mean Dice it reached there.</param>
public sealed record FoldSegmentation(int Fold, int Images, int Positives, double Dice, double DiceOnPositives, double Auc, MaskDecision Decision, double ValidationDice);

/// <summary>A segmentation run's pooled out-of-fold result.</summary>
/// <param name="Dice">The competition's mean Dice over every out-of-fold image, with its bootstrap 95% CI.</param>
/// <param name="DiceOnPositives">Mean Dice over the positive images, with its CI.</param>
/// <param name="Auc">Image-level ROC AUC of the top pixel probability, with its CI.</param>
/// <param name="Folds">Every fold.</param>
public sealed record SegmentationReport(ConfidenceInterval Dice, ConfidenceInterval DiceOnPositives, ConfidenceInterval Auc, IReadOnlyList<FoldSegmentation> Folds);

/// <summary>
/// The segmentation study of a run folder (<see cref="ExperimentRun"/> with <see cref="TrainingConfig.Task"/> =
/// segmentation): each fold's U-Net trained on the same folds as the classifier, its triplet chosen on the inner
/// validation, its out-of-fold masks written in the Kaggle layout at the DICOM's size (<c>fold-K/segmentation-masks.csv</c>,
/// pooled into <c>oof-masks.csv</c>) and scored as the competition scores them; the top pixel probability is each
/// image's score (<c>fold-K/predictions.csv</c>), so the segmenter's image AUC compares with the classifier's.
/// </summary>
public static class SegmentationRun
{
    /// <summary>Trains every fold not done yet (or only <paramref name="onlyFold"/>), then evaluates when all are; null while folds remain.</summary>
    public static SegmentationReport? Train(ExperimentRun run, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default, int? onlyFold = null)
    {
        if (run.Config.Task != "segmentation") throw new InvalidOperationException($"{run.Folder}: a {run.Config.Task} run");
        var device = TorchDevice.Select(run.Config.Device == "auto" ? null : run.Config.Device);
        torch.set_num_threads(run.Config.Threads > 0 ? run.Config.Threads : Environment.ProcessorCount);
        using var cache = RefinedCache.Open(run.Info.RefinedCache);
        var (clean, folds, all) = run.TrainingSamples(cache);
        var labels = SiimDataset.Open(run.Info.DataRoot ?? throw new DataFileException($"{run.Folder}: the run does not record its data root")).ReadLabels();
        var rows = clean.Rows.ToDictionary(r => r.ImageId, StringComparer.Ordinal);
        var todo = Enumerable.Range(0, run.Config.Folds).Where(f => (onlyFold is null || onlyFold == f) && !File.Exists(run.FoldPredictionsPath(f))).ToList();
        int batchesPerEpoch = Math.Max(1, (int)(all.Count * (1 - 1.0 / run.Config.Folds) * (1 - run.Config.InnerValidationShare)) / run.Config.BatchSize);
        int totalBatches = todo.Count * run.Config.Epochs * batchesPerEpoch;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int index = 0; index < todo.Count; index++)
        {
            int fold = todo[index];
            var (train, validation, test) = run.Split(all, folds, fold);
            var trainer = new SegmentationTrainer(run.Config, cache, run.FoldFolder(fold), fold, device);
            int before = index * run.Config.Epochs * batchesPerEpoch;
            trainer.Train(train, validation, progress, () => watch.Elapsed, (epoch, batch) =>
            {
                int done = before + epoch * batchesPerEpoch + batch;
                return done == 0 ? TimeSpan.Zero : watch.Elapsed / done * Math.Max(0, totalBatches - done);
            }, cancel);
            var maps = trainer.PredictWithBest(validation, test);
            var (decision, validationDice) = MaskDecision.Choose(maps[0], validation.Select(trainer.TruthAtCacheSize).ToList());
            var masks = new List<(string, BinaryMask)>();
            var dice = new List<object?[]>();
            for (int i = 0; i < test.Count; i++)
            {
                var row = rows[test[i].ImageId];
                int width = row.Columns ?? 1024, height = row.Rows ?? 1024;
                var predicted = KaggleMaskFile.ToDicomSize(decision.Apply(maps[1][i]), cache.Size, width, height);
                masks.Add((test[i].ImageId, predicted));
                dice.Add([test[i].ImageId, test[i].Label, DiceScore.Of(labels.MaskOf(test[i].ImageId, width, height).Pixels, predicted.Pixels)]);
            }
            KaggleMaskFile.Write(Path.Combine(run.FoldFolder(fold), "segmentation-masks.csv"), masks);
            Csv.Write(Path.Combine(run.FoldFolder(fold), "segmentation-dice.csv"), ["ImageId", "Label", "Dice"], dice);
            AtomicFile.WriteAllText(Path.Combine(run.FoldFolder(fold), "segmentation-decision.json"),
                JsonSerializer.Serialize(new { decision.TopScore, decision.MinArea, decision.BottomScore, validationDice }, TrainingConfig.Json));
            EvaluationReport.WritePredictions(run.FoldPredictionsPath(fold), test.Select((s, i) =>
            {
                double score = Math.Clamp(MaskDecision.ImageScore(maps[1][i]), 1e-7, 1 - 1e-7);
                return new OutOfFoldPrediction(s.ImageId, fold, s.Label, score, Math.Log(score / (1 - score)), score);
            }));
        }
        return run.MissingFolds.Count == 0 ? Evaluate(run) : null;
    }

    /// <summary>Pools the folds: <c>oof-masks.csv</c>, <c>oof-predictions.csv</c> and <c>metrics.json</c>.</summary>
    /// <exception cref="InvalidOperationException">A fold is missing.</exception>
    public static SegmentationReport Evaluate(ExperimentRun run)
    {
        if (run.MissingFolds is { Count: > 0 } missing) throw new InvalidOperationException($"{run.Folder}: folds {string.Join(", ", missing)} are not trained yet");
        var folds = new List<FoldSegmentation>();
        var allDice = new List<(int Label, double Dice)>();
        var maskLines = new List<string> { "ImageId,EncodedPixels" };
        var predictions = new List<OutOfFoldPrediction>();
        for (int fold = 0; fold < run.Config.Folds; fold++)
        {
            var (_, diceRows) = Csv.Read(Path.Combine(run.FoldFolder(fold), "segmentation-dice.csv"));
            var dice = diceRows.Select(r => (Label: int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), Dice: double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture))).ToList();
            allDice.AddRange(dice);
            maskLines.AddRange(File.ReadLines(Path.Combine(run.FoldFolder(fold), "segmentation-masks.csv")).Skip(1).Where(l => l.Length > 0));
            var p = EvaluationReport.ReadPredictions(run.FoldPredictionsPath(fold));
            predictions.AddRange(p);
            using var decisionDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.FoldFolder(fold), "segmentation-decision.json")));
            var d = decisionDoc.RootElement;
            folds.Add(new FoldSegmentation(fold, dice.Count, dice.Count(x => x.Label == 1), dice.Average(x => x.Dice),
                dice.Where(x => x.Label == 1).Select(x => x.Dice).DefaultIfEmpty(double.NaN).Average(),
                MetricWarnings.AucOrNaN(p.Select(x => x.Probability).ToArray(), p.Select(x => x.Label).ToArray(), $"segmentation fold {fold}"),
                new MaskDecision(d.GetProperty("topScore").GetDouble(), d.GetProperty("minArea").GetInt32(), d.GetProperty("bottomScore").GetDouble()),
                d.GetProperty("validationDice").GetDouble()));
        }
        AtomicFile.WriteAllText(Path.Combine(run.Folder, "oof-masks.csv"), string.Join('\n', maskLines) + "\n");
        EvaluationReport.WritePredictions(run.PredictionsPath, predictions);
        var labels = allDice.Select(x => x.Label).ToArray();
        var values = allDice.Select(x => x.Dice).ToArray();
        var report = new SegmentationReport(
            BootstrapInterval.Compute(values, labels, (v, _) => v.Average(), 2000, 0.95, run.Config.Seed),
            BootstrapInterval.Compute(values.Where((_, i) => labels[i] == 1).ToArray(), labels.Where(l => l == 1).ToArray(), (v, _) => v.Average(), 2000, 0.95, run.Config.Seed),
            BootstrapInterval.Compute(predictions.Select(x => x.Probability).ToArray(), predictions.Select(x => x.Label).ToArray(), RocCurve.AreaUnder, 2000, 0.95, run.Config.Seed),
            folds);
        AtomicFile.WriteAllText(Path.Combine(run.Folder, "metrics.json"), JsonSerializer.Serialize(new
        {
            task = "segmentation",
            dice = report.Dice.Estimate, diceLower95 = report.Dice.Lower, diceUpper95 = report.Dice.Upper,
            diceOnPositives = report.DiceOnPositives.Estimate, diceOnPositivesLower95 = report.DiceOnPositives.Lower, diceOnPositivesUpper95 = report.DiceOnPositives.Upper,
            auc = report.Auc.Estimate, aucLower95 = report.Auc.Lower, aucUpper95 = report.Auc.Upper,
            folds = folds.Select(f => new { fold = f.Fold, images = f.Images, positives = f.Positives, dice = f.Dice, diceOnPositives = f.DiceOnPositives, auc = f.Auc,
                triplet = new { topScore = f.Decision.TopScore, minArea = f.Decision.MinArea, bottomScore = f.Decision.BottomScore }, validationDice = f.ValidationDice }),
        }, TrainingConfig.Json));
        return report;
    }

    /// <summary>
    /// The pooled result as <see cref="Evaluate"/> saved it in the run's <c>metrics.json</c>, read without touching the
    /// run's files; null when the run has not been evaluated (or its metrics are a classification's).
    /// </summary>
    public static SegmentationReport? ReadReport(ExperimentRun run)
    {
        var path = Path.Combine(run.Folder, "metrics.json");
        if (!File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (!root.TryGetProperty("task", out var task) || task.GetString() != "segmentation") return null;
        static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble()
            : double.TryParse(e.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
        ConfidenceInterval Interval(string name) => new(Number(root.GetProperty(name)), Number(root.GetProperty(name + "Lower95")), Number(root.GetProperty(name + "Upper95")), 0.95);
        var folds = root.GetProperty("folds").EnumerateArray().Select(f =>
        {
            var t = f.GetProperty("triplet");
            return new FoldSegmentation(f.GetProperty("fold").GetInt32(), f.GetProperty("images").GetInt32(), f.GetProperty("positives").GetInt32(),
                Number(f.GetProperty("dice")), Number(f.GetProperty("diceOnPositives")), Number(f.GetProperty("auc")),
                new MaskDecision(t.GetProperty("topScore").GetDouble(), t.GetProperty("minArea").GetInt32(), t.GetProperty("bottomScore").GetDouble()),
                Number(f.GetProperty("validationDice")));
        }).ToList();
        return new SegmentationReport(Interval("dice"), Interval("diceOnPositives"), Interval("auc"), folds);
    }

    /// <summary>Every out-of-fold image's Dice (at the DICOM's size) with its label and fold.</summary>
    public static IReadOnlyList<(string ImageId, int Fold, int Label, double Dice)> ReadDice(ExperimentRun run) =>
        Enumerable.Range(0, run.Config.Folds).SelectMany(fold => Csv.Read(Path.Combine(run.FoldFolder(fold), "segmentation-dice.csv")).Rows
            .Select(r => (r[0], fold, int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)))).ToList();

    /// <summary>The run's <c>oof-masks.csv</c>, read with the label-file reader.</summary>
    public static LabelFile ReadMasks(ExperimentRun run) => LabelFile.Read(Path.Combine(run.Folder, "oof-masks.csv"));
}

using System.Text.Json;
using Pneumo.Data;
using Pneumo.IO;
using Pneumo.Masks;
using Pneumo.Metrics;
using Pneumo.Segmentation;
using Pneumo.Tables;
using Pneumo.Training;

namespace Pneumo.Runs;

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
        return FoldLoop.Run(run, new SegmentationFold(), progress, cancel, onlyFold) ? Evaluate(run) : null;
    }

    /// <summary>A segmentation fold: the U-Net, its triplet chosen on the inner validation, its masks scored at the DICOM's size.</summary>
    private sealed class SegmentationFold : FoldTask
    {
        private LabelFile? _labels;
        private Dictionary<string, ImageMetadata> _rows = [];

        public override TrainingTask Task => TrainingTask.Segmentation;

        public override void Begin(ExperimentRun run, RefinedCache cache, MetadataTable clean)
        {
            _labels = SiimDataset.Open(run.Info.DataRoot ?? throw new DataFileException($"{run.Folder}: the run does not record its data root")).ReadLabels();
            _rows = clean.Rows.ToDictionary(r => r.ImageId, StringComparer.Ordinal);
        }

        public override void TrainFold(FoldJob job)
        {
            var (fold, files, cache, test) = (job.Fold, job.Files, job.Cache, job.Test);
            var trainer = new SegmentationTrainer(job.Run.Config, cache, files.Training(Task), fold, job.Device);
            trainer.Train(job.Train, job.Validation, job.Progress, job.Elapsed, job.Eta, job.Cancel);
            var maps = trainer.PredictWithBest(job.Validation, test);
            var (decision, validationDice) = MaskDecision.Choose(maps[0], job.Validation.Select(trainer.TruthAtCacheSize).ToList());
            var masks = new List<(string, BinaryMask)>();
            var dice = new List<object?[]>();
            for (int i = 0; i < test.Count; i++)
            {
                var row = _rows[test[i].ImageId];
                int width = row.Columns ?? 1024, height = row.Rows ?? 1024;
                var predicted = KaggleMaskFile.ToDicomSize(decision.Apply(maps[1][i]), cache.Size, width, height);
                masks.Add((test[i].ImageId, predicted));
                dice.Add([test[i].ImageId, test[i].Label, DiceScore.Of(_labels!.MaskOf(test[i].ImageId, width, height).Pixels, predicted.Pixels)]);
            }
            KaggleMaskFile.Write(files.SegmentationMasks, masks);
            Csv.Write(files.SegmentationDice, ["ImageId", "Label", "Dice"], dice);
            AtomicFile.WriteAllText(files.SegmentationDecision, JsonSerializer.Serialize(FoldDecision.Of(decision, validationDice), TrainingConfig.Json));
            EvaluationReport.WritePredictions(files.Predictions, test.Select((s, i) =>
            {
                double score = Math.Clamp(MaskDecision.ImageScore(maps[1][i]), 1e-7, 1 - 1e-7);
                return new OutOfFoldPrediction(s.ImageId, fold, s.Label, score, Math.Log(score / (1 - score)), score);
            }));
        }
    }

    /// <summary>A fold's <c>segmentation-decision.json</c>: the triplet and the inner-validation Dice it reached.</summary>
    private sealed record FoldDecision(double TopScore, int MinArea, double BottomScore, double ValidationDice)
    {
        public static FoldDecision Of(MaskDecision d, double validationDice) => new(d.TopScore, d.MinArea, d.BottomScore, validationDice);

        [System.Text.Json.Serialization.JsonIgnore]
        public MaskDecision Decision => new(TopScore, MinArea, BottomScore);
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
            var files = run.Layout.Fold(fold);
            var (_, diceRows) = Csv.Read(files.SegmentationDice);
            var dice = diceRows.Select(r => (Label: int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), Dice: double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture))).ToList();
            allDice.AddRange(dice);
            maskLines.AddRange(File.ReadLines(files.SegmentationMasks).Skip(1).Where(l => l.Length > 0));
            var p = EvaluationReport.ReadPredictions(files.Predictions);
            predictions.AddRange(p);
            var d = JsonSerializer.Deserialize<FoldDecision>(File.ReadAllText(files.SegmentationDecision), TrainingConfig.Json)
                ?? throw new DataFileException($"{files.SegmentationDecision}: empty");
            folds.Add(new FoldSegmentation(fold, dice.Count, dice.Count(x => x.Label == 1), dice.Average(x => x.Dice),
                dice.Where(x => x.Label == 1).Select(x => x.Dice).DefaultIfEmpty(double.NaN).Average(),
                MetricWarnings.AucOrNaN(p.Select(x => x.Probability).ToArray(), p.Select(x => x.Label).ToArray(), $"segmentation fold {fold}"),
                d.Decision, d.ValidationDice));
        }
        AtomicFile.WriteAllText(run.Layout.OutOfFoldMasks, string.Join('\n', maskLines) + "\n");
        EvaluationReport.WritePredictions(run.PredictionsPath, predictions);
        var labels = allDice.Select(x => x.Label).ToArray();
        var values = allDice.Select(x => x.Dice).ToArray();
        var report = new SegmentationReport(
            BootstrapInterval.Compute(values, labels, (v, _) => v.Average(), 2000, 0.95, run.Config.Seed),
            BootstrapInterval.Compute(values.Where((_, i) => labels[i] == 1).ToArray(), labels.Where(l => l == 1).ToArray(), (v, _) => v.Average(), 2000, 0.95, run.Config.Seed),
            BootstrapInterval.Compute(predictions.Select(x => x.Probability).ToArray(), predictions.Select(x => x.Label).ToArray(), RocCurve.AreaUnder, 2000, 0.95, run.Config.Seed),
            folds);
        SegmentationMetrics.From(report).Write(run.Layout.Metrics);
        return report;
    }

    /// <summary>
    /// The pooled result as <see cref="Evaluate"/> saved it in the run's <c>metrics.json</c>, read without touching the
    /// run's files; null when the run has not been evaluated (or its metrics are a classification's).
    /// </summary>
    public static SegmentationReport? ReadReport(ExperimentRun run) => run.ReadMetrics() is SegmentationMetrics m ? m.ToReport() : null;

    /// <summary>Every out-of-fold image's Dice (at the DICOM's size) with its label and fold.</summary>
    public static IReadOnlyList<(string ImageId, int Fold, int Label, double Dice)> ReadDice(ExperimentRun run) =>
        Enumerable.Range(0, run.Config.Folds).SelectMany(fold => Csv.Read(run.Layout.Fold(fold).SegmentationDice).Rows
            .Select(r => (r[0], fold, int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)))).ToList();

    /// <summary>The run's <c>oof-masks.csv</c>, read with the label-file reader.</summary>
    public static LabelFile ReadMasks(ExperimentRun run) => LabelFile.Read(run.Layout.OutOfFoldMasks);
}

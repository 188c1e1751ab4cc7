using Pneumo.Metrics;
using Pneumo.Training;
using TorchSharp;

namespace Pneumo.Runs;

/// <summary>
/// A classification fold: the classifier trained with early stopping on the inner validation, then its best epoch's
/// predictions on the inner validation (for calibration and thresholds) and on the fold's out-of-fold images; each
/// epoch's loss and AUC also go to TensorBoard.
/// </summary>
internal sealed class ClassificationFold : FoldTask
{
    private TorchSharp.Modules.SummaryWriter? _writer;

    /// <inheritdoc />
    public override TrainingTask Task => TrainingTask.Classification;

    /// <inheritdoc />
    public override void Begin(ExperimentRun run, Data.RefinedCache cache, Data.MetadataTable clean) =>
        _writer = torch.utils.tensorboard.SummaryWriter(run.Layout.TensorBoard);

    /// <inheritdoc />
    public override void TrainFold(FoldJob job)
    {
        var (config, fold, files) = (job.Run.Config, job.Fold, job.Files);
        var trainer = new FoldTrainer(config, job.Cache, files.Training(Task), fold, job.Device);
        var state = trainer.Train(job.Train, job.Validation, new Relay(job.Progress, _writer!, fold), job.Elapsed, job.Eta, job.Cancel);
        var logits = trainer.PredictWithBest(job.Validation, job.Test);
        EvaluationReport.WritePredictions(files.ValidationPredictions,
            job.Validation.Select((s, i) => OutOfFoldPrediction.FromLogit(s.ImageId, fold, s.Label, logits[0][i])));
        EvaluationReport.WritePredictions(files.Predictions, job.Test.Select((s, i) => OutOfFoldPrediction.FromLogit(s.ImageId, fold, s.Label, logits[1][i])));
        double auc = MetricWarnings.AucOrNaN(logits[1], job.Test.Select(x => x.Label).ToArray(), "out-of-fold");
        job.Progress?.Report(new FoldFinished(new TrainingProgress(fold, config.Folds, state.EpochsDone - 1, config.Epochs, 0, 0, 0, job.Elapsed(),
            TimeSpan.Zero, state.BestAuc),
            state.BestEpoch, state.BestAuc, auc, job.Test.Count, FoldDiagnostics.Check(fold, state.History)));
    }

    /// <summary>Passes progress on and writes each epoch's summary to TensorBoard.</summary>
    private sealed class Relay(IProgress<TrainingProgress>? inner, TorchSharp.Modules.SummaryWriter writer, int fold) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value is EpochFinished epoch)
            {
                writer.add_scalar($"fold{fold}/train_loss", (float)epoch.Record.TrainLoss, epoch.Epoch + 1);
                writer.add_scalar($"fold{fold}/validation_auc", (float)epoch.Record.ValidationAuc, epoch.Epoch + 1);
            }
            inner?.Report(value);
        }
    }
}

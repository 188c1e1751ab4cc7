using Pneumo.Training;

namespace Pneumo.Segmentation;

/// <summary>A segmentation epoch ended (its line for the log: training loss, inner-validation Dice, time).</summary>
public sealed record SegmentationEpochFinished(TrainingProgress At, SegmentationEpoch Record, bool Improved)
    : TrainingProgress(At.Fold, At.Folds, At.Epoch, At.Epochs, At.Batch, At.Batches, At.Loss, At.Elapsed, At.Eta, Record.ValidationDice)
{
    /// <inheritdoc />
    public override string? Message => FormattableString.Invariant(
        $"fold {Fold} epoch {Record.Epoch + 1}/{Epochs}: train loss {Record.TrainLoss:F4}, validation Dice {Record.ValidationDice:F3}{(Improved ? " (best)" : "")}, {Record.Seconds:F0}s");
}

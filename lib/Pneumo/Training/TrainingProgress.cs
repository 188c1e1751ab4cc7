namespace Pneumo.Training;

/// <summary>Where training is after a batch: fold, epoch, batch, running loss, time, and the last inner-validation AUC.</summary>
/// <param name="Fold">0-based fold.</param>
/// <param name="Folds">Number of folds.</param>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Epochs">Maximum epochs.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="Elapsed">Time since the run (or resume) started.</param>
/// <param name="Eta">Estimated time left for the whole run.</param>
/// <param name="ValidationAuc">Inner-validation AUC of the last finished epoch, if any.</param>
public record TrainingProgress(int Fold, int Folds, int Epoch, int Epochs, int Batch, int Batches, double Loss,
    TimeSpan Elapsed, TimeSpan Eta, double? ValidationAuc)
{
    /// <summary>A line for the log when this event ends an epoch or a fold (<see cref="EpochFinished"/>, <see cref="FoldFinished"/>); null for a batch.</summary>
    public virtual string? Message => null;

    /// <summary>What <see cref="ValidationAuc"/> measures, for progress lines: <c>val AUC</c>, or <c>val Dice</c> for segmentation.</summary>
    public string ValidationName { get; init; } = "val AUC";
}

/// <summary>An epoch ended: its record (losses, inner-validation AUC, learning rate, time) and whether it was the best so far.</summary>
/// <param name="Progress">Where training is.</param>
/// <param name="Record">The epoch's record.</param>
/// <param name="Improved">True when its inner-validation AUC is the best so far (its weights were kept).</param>
public sealed record EpochFinished(TrainingProgress Progress, EpochRecord Record, bool Improved) : TrainingProgress(Progress)
{
    /// <inheritdoc />
    public override string Message => FormattableString.Invariant(
        $"fold {Fold} epoch {Epoch + 1}/{Epochs}: train loss {Record.TrainLoss:F4}, val loss {Record.ValidationLoss:F4}, val AUC {Record.ValidationAuc:F3}{(Improved ? " (best)" : "")}, {Record.Seconds:F0}s");
}

/// <summary>A fold ended: its best epoch and its out-of-fold AUC.</summary>
/// <param name="Progress">Where training is.</param>
/// <param name="BestEpoch">0-based best epoch.</param>
/// <param name="BestValidationAuc">Its inner-validation AUC.</param>
/// <param name="OutOfFoldAuc">AUC on the held-out fold (NaN when one class is absent).</param>
/// <param name="TestImages">Images in the held-out fold.</param>
/// <param name="Warnings">What went wrong in the fold (<see cref="FoldDiagnostics"/>), one line each; empty when nothing did.</param>
public sealed record FoldFinished(TrainingProgress Progress, int BestEpoch, double BestValidationAuc, double OutOfFoldAuc, int TestImages, IReadOnlyList<string> Warnings) : TrainingProgress(Progress)
{
    /// <inheritdoc />
    public override string Message => FormattableString.Invariant(
        $"fold {Fold}: best epoch {BestEpoch + 1} (inner-validation AUC {BestValidationAuc:F3}); out-of-fold AUC {OutOfFoldAuc:F3} on {TestImages} images")
        + string.Concat(Warnings.Select(w => Environment.NewLine + "warning: " + w));
}

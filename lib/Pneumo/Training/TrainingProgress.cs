namespace Pneumo.Training;

/// <summary>Where training is: fold, epoch, batch, running loss, time, and the last inner-validation AUC.</summary>
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
/// <param name="Message">A line for the log, e.g. an epoch summary, or null.</param>
public sealed record TrainingProgress(int Fold, int Folds, int Epoch, int Epochs, int Batch, int Batches, double Loss,
    TimeSpan Elapsed, TimeSpan Eta, double? ValidationAuc, string? Message = null);

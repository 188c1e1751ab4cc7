namespace Pneumo.Training;

/// <summary>
/// Where a fold trainer keeps its state: given to it by the run's layout (<see cref="Runs.RunLayout"/>, the one owner
/// of a run folder's file names), so that a trainer never names a file itself.
/// </summary>
/// <param name="Folder">The fold's folder (created by the trainer).</param>
/// <param name="State">The fold's state: epochs done, history, best epoch.</param>
/// <param name="Checkpoint">The weights after the last finished epoch.</param>
/// <param name="Optimizer">The optimizer after the last finished epoch.</param>
/// <param name="BestWeights">The weights of the best epoch.</param>
/// <param name="Epochs">The epoch table (CSV).</param>
public sealed record FoldFiles(string Folder, string State, string Checkpoint, string Optimizer, string BestWeights, string Epochs);

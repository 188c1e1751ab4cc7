using System.Text.Json;
using Pneumo.IO;

namespace Pneumo.Training;

/// <summary>One epoch's record.</summary>
/// <param name="Epoch">0-based.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="ValidationLoss">Inner-validation loss.</param>
/// <param name="ValidationAuc">Inner-validation ROC AUC.</param>
/// <param name="LearningRate">Learning rate at the end of the epoch.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationAuc, double LearningRate, double Seconds);

/// <summary>Training state of one fold, saved atomically after every epoch (<c>fold-K/state.json</c>).</summary>
/// <param name="EpochsDone">Epochs completed.</param>
/// <param name="BestAuc">Best inner-validation AUC so far.</param>
/// <param name="BestEpoch">Its epoch (-1 before the first).</param>
/// <param name="EpochsWithoutImprovement">For early stopping.</param>
/// <param name="Finished">Training of the fold is over (epochs exhausted or early stop).</param>
/// <param name="History">Every epoch so far.</param>
/// <param name="BestLoss">Inner-validation loss of the best epoch (breaks ties between epochs of equal AUC).</param>
public sealed record FoldState(int EpochsDone, double BestAuc, int BestEpoch, int EpochsWithoutImprovement, bool Finished, IReadOnlyList<EpochRecord> History,
    double BestLoss = double.PositiveInfinity)
{
    /// <summary>State before the first epoch.</summary>
    public static FoldState Initial => new(0, double.NegativeInfinity, -1, 0, false, []);

    /// <summary>Reads the state, or the initial one when absent.</summary>
    public static FoldState Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<FoldState>(File.ReadAllText(path), TrainingConfig.Json) ?? Initial : Initial;

    /// <summary>Writes through a temporary file and a rename.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, TrainingConfig.Json));
}

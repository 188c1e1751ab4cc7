using System.Text.Json;
using Pneumo.IO;
using Pneumo.Training;

namespace Pneumo.Segmentation;

/// <summary>One segmentation epoch: training loss, inner-validation mean Dice (at the default decision), learning rate, time.</summary>
public sealed record SegmentationEpoch(int Epoch, double TrainLoss, double ValidationDice, double LearningRate, double Seconds);

/// <summary>A segmentation fold's training state, saved atomically after every epoch (<c>fold-K/segmentation-state.json</c>).</summary>
/// <param name="EpochsDone">Epochs completed.</param>
/// <param name="BestDice">Best inner-validation mean Dice so far.</param>
/// <param name="BestEpoch">Its epoch (-1 before the first).</param>
/// <param name="Finished">Training of the fold is over.</param>
/// <param name="History">Every epoch so far.</param>
public sealed record SegmentationFoldState(int EpochsDone, double BestDice, int BestEpoch, bool Finished, IReadOnlyList<SegmentationEpoch> History)
{
    /// <summary>The state in <paramref name="path"/>, or a fresh one.</summary>
    public static SegmentationFoldState Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<SegmentationFoldState>(File.ReadAllText(path), TrainingConfig.Json)! : new(0, double.NegativeInfinity, -1, false, []);

    /// <summary>Writes the state atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, TrainingConfig.Json));
}

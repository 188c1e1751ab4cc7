using Pneumo.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Training;

/// <summary>
/// A fold's optimizer and checkpoint, the same for every task's trainer: AdamW over the model's parameters, restored
/// with the model from the fold's last finished epoch when there is one, its learning rate set per step by the
/// one-cycle schedule, and after every epoch the best weights (when the epoch improved) and the weights and optimizer
/// saved atomically, so a fold resumed from its checkpoint ends exactly where an uninterrupted one would.
/// </summary>
public sealed class FoldCheckpoint : IDisposable
{
    private readonly nn.Module _model;
    private readonly FoldFiles _files;
    private readonly OneCycleSchedule _schedule;

    /// <summary>The optimizer of <paramref name="model"/>; when <paramref name="resume"/>,
    /// the model and optimizer are loaded from <paramref name="files"/>.</summary>
    /// <param name="model">The fold's model (created and seeded by the trainer).</param>
    /// <param name="config">Learning rate, weight decay, epochs and warm-up.</param>
    /// <param name="files">The fold's checkpoint files.</param>
    /// <param name="stepsPerEpoch">Optimizer steps per epoch (for the schedule).</param>
    /// <param name="resume">True when epochs are done: continue from the checkpoint.</param>
    public FoldCheckpoint(nn.Module model, TrainingConfig config, FoldFiles files, int stepsPerEpoch, bool resume)
    {
        (_model, _files) = (model, files);
        Optimizer = optim.AdamW(model.parameters(), config.LearningRate, weight_decay: config.WeightDecay);
        int totalSteps = config.Epochs * stepsPerEpoch;
        WarmupSteps = (int)(config.WarmupShare * totalSteps);
        _schedule = new OneCycleSchedule(config.LearningRate, totalSteps, WarmupSteps);
        if (!resume) return;
        model.load(files.Checkpoint);
        Optimizer.load_state_dict(files.Optimizer);
    }

    /// <summary>The optimizer.</summary>
    public TorchSharp.Modules.AdamW Optimizer { get; }

    /// <summary>Steps of the schedule's warm-up.</summary>
    public int WarmupSteps { get; }

    /// <summary>Sets the learning rate of step <paramref name="step"/> (counted over all epochs) and returns it.</summary>
    public double SetLearningRate(int step)
    {
        double lr = _schedule.At(step);
        foreach (var group in Optimizer.ParamGroups) group.LearningRate = lr;
        return lr;
    }

    /// <summary>Saves the epoch: the best weights when it <paramref name="improved"/>, then the weights and the optimizer.</summary>
    public void Save(bool improved)
    {
        if (improved) AtomicFile.Write(_files.BestWeights, temp => _model.save(temp));
        AtomicFile.Write(_files.Checkpoint, temp => _model.save(temp));
        AtomicFile.Write(_files.Optimizer, temp => Optimizer.save_state_dict(temp));
    }

    /// <inheritdoc />
    public void Dispose() => Optimizer.Dispose();
}

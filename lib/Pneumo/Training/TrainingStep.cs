using Pneumo.Modeling;
using Pneumo.Training.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Training;

/// <summary>
/// One optimisation step on one batch: augmentation, normalisation, forward, weighted binary cross-entropy, backward,
/// optimizer step. The caller owns the dispose scope around it (the trainer opens one per batch), so every tensor made
/// here is freed with the batch.
/// </summary>
public static class TrainingStep
{
    /// <summary>Runs the step; returns the batch's mean loss.</summary>
    /// <param name="model">The model, in training mode.</param>
    /// <param name="optimizer">Its optimizer (learning rate already set for this step).</param>
    /// <param name="images">N×1×H×W intensities in [0, 1].</param>
    /// <param name="metadata">N×<see cref="MetadataEncoding.Width"/> encoded metadata.</param>
    /// <param name="labels">N labels (0/1).</param>
    /// <param name="positiveWeight">The positive-class weight of the loss (class imbalance).</param>
    /// <param name="augment">Batch transforms, applied in order.</param>
    /// <param name="random">The seeded random source of this batch's augmentation.</param>
    public static float Run(PneumothoraxClassifier model, optim.Optimizer optimizer, Tensor images, Tensor metadata, Tensor labels,
        Tensor positiveWeight, IReadOnlyList<IBatchTransform> augment, Random random)
    {
        foreach (var t in augment) images = t.Apply(images, random);
        optimizer.zero_grad();
        var logits = model.forward(FoldTrainer.Normalize(images), metadata);
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, labels, null, nn.Reduction.Mean, positiveWeight);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}

using Pneumo.Compute;
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
    /// <param name="positiveWeight">The positive-class weight of the loss (class imbalance), or null for none.</param>
    /// <param name="augment">Batch transforms, applied in order.</param>
    /// <param name="random">The seeded random source of this batch's augmentation.</param>
    /// <param name="masks">N×1×H×W lesion masks (0/1) for the auxiliary mask loss, or null without it.</param>
    /// <param name="maskLossWeight">Weight of the auxiliary mask loss.</param>
    public static float Run(PneumothoraxClassifier model, optim.Optimizer optimizer, Tensor images, Tensor metadata, Tensor labels,
        Tensor? positiveWeight, IReadOnlyList<IBatchTransform> augment, Random random, Tensor? masks = null, double maskLossWeight = 0)
    {
        (images, masks) = Augment(images, masks, augment, random);
        optimizer.zero_grad();
        var features = model.Features(FoldTrainer.Normalize(images));
        var logits = model.Head(features, metadata);
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, labels, null, nn.Reduction.Mean, positiveWeight);
        if (masks is not null && maskLossWeight > 0)
        {
            var cells = model.MaskLogits(features);
            var coverage = nn.functional.adaptive_avg_pool2d(masks, [cells.shape[2], cells.shape[3]]);
            using var weight = maskLossWeight.ToScalar();
            loss = loss.add(nn.functional.binary_cross_entropy_with_logits(cells, coverage), weight);
        }
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>
    /// Applies <paramref name="augment"/> in order: geometric transforms move the images and their masks (stacked as
    /// channels) alike; intensity transforms change the images only.
    /// </summary>
    public static (Tensor Images, Tensor? Masks) Augment(Tensor images, Tensor? masks, IReadOnlyList<IBatchTransform> augment, Random random)
    {
        foreach (var t in augment)
        {
            if (masks is not null && t.Geometric)
            {
                var both = t.Apply(cat([images, masks], 1), random);
                images = both[.., ..1];
                masks = both[.., 1..];
            }
            else images = t.Apply(images, random);
        }
        return (images, masks);
    }
}

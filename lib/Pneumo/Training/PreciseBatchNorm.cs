using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumo.Training;

/// <summary>
/// "Precise BN" (Wu and Johnson, <i>Rethinking "Batch" in BatchNorm</i>, 2021): before a model is evaluated, each
/// batch-norm layer's running mean and variance are recomputed as the plain average over a fixed set of training
/// images with the current weights, instead of the exponential average of the last few training batches, which
/// lags the weights while they change fast. Without it, the inner-validation loss of a fold that has just found the
/// lesion jumped to 10–25 for an epoch (the eval-mode network normalised with stale statistics), and early stopping
/// and the kept weights followed that noise.
/// </summary>
public static class PreciseBatchNorm
{
    /// <summary>Training images used for the statistics (the first of the fold's training list, in its fixed order).</summary>
    public const int Images = 192;

    /// <summary>
    /// Recomputes the statistics of every batch-norm layer of <paramref name="model"/> from <paramref name="batches"/>
    /// (normalised images, as the model sees them in training, without augmentation), then leaves the model in
    /// evaluation mode. The k-th batch enters with momentum 1/(k + 1), so the result is their plain average.
    /// </summary>
    public static void Refresh(nn.Module model, Func<IEnumerable<Action>> batches)
    {
        var layers = model.named_modules().Select(m => m.module).OfType<BatchNorm>().ToList();
        if (layers.Count == 0) return;
        var saved = layers.Select(l => l.momentum).ToList();
        model.train();
        using (no_grad())
        {
            int k = 0;
            foreach (var forward in batches())
            {
                foreach (var layer in layers) layer.momentum = 1.0 / (k + 1);
                forward();
                k++;
            }
        }
        for (int i = 0; i < layers.Count; i++) layers[i].momentum = saved[i];
        model.eval();
    }
}

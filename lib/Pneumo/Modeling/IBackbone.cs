using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pneumo.Modeling;

/// <summary>A convolutional feature extractor: image batch → feature map with <see cref="FeatureChannels"/> channels.</summary>
public interface IBackbone
{
    /// <summary>Channels of the feature map.</summary>
    int FeatureChannels { get; }

    /// <summary>
    /// The stride-8 map (32 x 32 cells for a 256-pixel film), where Grad-CAM is computed. At the stride-16 map the
    /// maximum of a heatmap that covered an apical crescent fell at a cell centre in the collapsed lung 13 to 30 px from
    /// the mask in a third of the true positives; at stride 8 it follows the pleural line.
    /// </summary>
    Tensor EarlyStages(Tensor input);

    /// <summary>The remaining stages: <see cref="EarlyStages"/>'s output → the feature map (forward = LateStages ∘ EarlyStages).</summary>
    Tensor LateStages(Tensor early);
}

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
    /// The map before the last stage (stride 16: 16 x 16 cells for a 256-pixel film), where Grad-CAM is computed: the
    /// last map's 32-pixel cells are too coarse to point inside a thin pleural crescent.
    /// </summary>
    Tensor Penultimate(Tensor input);

    /// <summary>The last stage: <see cref="Penultimate"/>'s output → the feature map (forward = LastStage ∘ Penultimate).</summary>
    Tensor LastStage(Tensor penultimate);
}

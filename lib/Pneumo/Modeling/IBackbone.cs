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
}

using static TorchSharp.torch;

namespace Pneumo.Modeling;

/// <summary>An encoder for segmentation: the feature maps at strides 2, 4, 8, 16 and 32, for a U-Net's skip connections.</summary>
public interface IEncoder
{
    /// <summary>Channels of each map of <see cref="Pyramid"/>, finest first.</summary>
    IReadOnlyList<int> PyramidChannels { get; }

    /// <summary>The maps at strides 2, 4, 8, 16, 32 (finest first) of one forward pass.</summary>
    IReadOnlyList<Tensor> Pyramid(Tensor input);
}

using static TorchSharp.torch;

namespace Pneumo.Training.Augmentation;

/// <summary>A random transform of a batch of images (N, 1, H, W) in [0, 1]; its randomness comes from the given generator only.</summary>
public interface IBatchTransform
{
    /// <summary>Returns the transformed batch.</summary>
    Tensor Apply(Tensor images, Random random);

    /// <summary>
    /// True when the transform moves pixels (it then applies to the lesion masks too, stacked as further channels, and
    /// treats every channel alike); false when it changes intensities only (images alone).
    /// </summary>
    bool Geometric { get; }
}

using static TorchSharp.torch;

namespace Pneumo.Modeling;

/// <summary>A network built with torchvision's head, whose whole forward pass can be compared with PyTorch's.</summary>
public interface ITorchvisionNetwork
{
    /// <summary>torchvision's forward: features, global average pool, head (N, classes).</summary>
    Tensor Logits(Tensor input);
}

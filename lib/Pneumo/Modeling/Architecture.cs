using static TorchSharp.torch;

namespace Pneumo.Modeling;

/// <summary>
/// One backbone the project can build (<see cref="Architectures"/> lists them all): its name, how to build it, whether
/// it has an encoder pyramid (a U-Net can sit on it), and for torchvision's networks the keys of its stem convolution
/// and its head in a PyTorch <c>state_dict</c> (where pretrained weights fit, and what a backbone leaves out).
/// </summary>
/// <param name="Name">The name in configs and on the command line (torchvision's for its networks).</param>
/// <param name="Title">A short description for help texts.</param>
/// <param name="Build">Builds it: input channels, and the outputs of torchvision's own head (null: feature maps only).</param>
/// <param name="StemKey">The stem convolution's weight key in a torchvision <c>state_dict</c> (empty: not a torchvision network).</param>
/// <param name="HeadPrefix">The prefix of the torchvision head's keys (<c>fc.</c>, <c>classifier.</c>),
/// skipped when a backbone loads pretrained weights.</param>
public sealed record Architecture(string Name, string Title, Func<int, int?, nn.Module<Tensor, Tensor>> Build, string StemKey = "", string HeadPrefix = "")
{
    /// <summary>True when PyTorch weights (torchvision's) can start it.</summary>
    public bool Pretrainable => StemKey.Length > 0;

    /// <summary>True when it has an encoder pyramid (<see cref="IEncoder"/>), so a U-Net can sit on it.</summary>
    public bool HasPyramid { get; init; }

    /// <summary>Builds the backbone alone (feature maps out; no torchvision head) for one input channel.</summary>
    public nn.Module<Tensor, Tensor> BuildBackbone() => Build(1, null);

    /// <summary>torchvision's forward (features, pooling, head) of a network this architecture built with classes.</summary>
    /// <exception cref="InvalidOperationException">The network has no torchvision head.</exception>
    public static Tensor Logits(nn.Module<Tensor, Tensor> network, Tensor input) =>
        network is ITorchvisionNetwork n ? n.Logits(input) : throw new InvalidOperationException($"{network.GetName()} has no torchvision head");
}

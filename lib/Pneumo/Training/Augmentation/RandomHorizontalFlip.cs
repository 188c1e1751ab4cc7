using Pneumo.Compute;
using static TorchSharp.torch;

namespace Pneumo.Training.Augmentation;

/// <summary>Mirrors left and right with probability <paramref name="Probability"/>. Off by default: on a chest film the heart is on the left, and a model should learn that.</summary>
/// <param name="Probability">Chance of a flip per image.</param>
public sealed record RandomHorizontalFlip(double Probability = 0.5) : IBatchTransform
{
    /// <inheritdoc />
    public bool Geometric => true;

    /// <inheritdoc />
    public Tensor Apply(Tensor images, Random random)
    {
        long n = images.shape[0];
        var flip = Enumerable.Range(0, (int)n).Select(_ => random.NextDouble() < Probability).ToArray();
        if (!flip.Any(f => f)) return images.alias();
        using var scope = NewDisposeScope();
        var mask = tensor(flip.Select(f => f ? 1f : 0f).ToArray(), [n, 1, 1, 1], device: images.device);
        return (images.flip(3) * mask).Plus(images * mask.neg().add(StableScalars.One)).MoveToOuterDisposeScope();
    }
}

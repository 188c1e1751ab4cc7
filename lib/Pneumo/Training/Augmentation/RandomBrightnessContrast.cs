using Pneumo.Compute;
using static TorchSharp.torch;

namespace Pneumo.Training.Augmentation;

/// <summary>Exposure differences between films: per image, contrast around its mean in 1 ± <paramref name="MaxContrast"/>, brightness ± <paramref name="MaxBrightness"/>.</summary>
/// <param name="MaxBrightness">Added offset, in [0, 1] intensity units.</param>
/// <param name="MaxContrast">Relative contrast change.</param>
public sealed record RandomBrightnessContrast(double MaxBrightness = 0.05, double MaxContrast = 0.1) : IBatchTransform
{
    /// <inheritdoc />
    public bool Geometric => false;

    /// <inheritdoc />
    public Tensor Apply(Tensor images, Random random)
    {
        long n = images.shape[0];
        var contrast = new float[n];
        var brightness = new float[n];
        for (int i = 0; i < n; i++)
        {
            contrast[i] = (float)(1 + (random.NextDouble() * 2 - 1) * MaxContrast);
            brightness[i] = (float)((random.NextDouble() * 2 - 1) * MaxBrightness);
        }
        using var scope = NewDisposeScope();
        var c = tensor(contrast).reshape(n, 1, 1, 1).to(images.device);
        var b = tensor(brightness).reshape(n, 1, 1, 1).to(images.device);
        var mean = images.mean([1, 2, 3], keepdim: true);
        return (images.Minus(mean) * c).Plus(mean).Plus(b).ClampUnit().MoveToOuterDisposeScope();
    }
}

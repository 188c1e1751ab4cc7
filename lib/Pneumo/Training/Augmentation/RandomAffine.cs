using static TorchSharp.torch;

namespace Pneumo.Training.Augmentation;

/// <summary>
/// Small rotations, scalings and shifts, as patient positioning varies: one affine matrix per image, applied with
/// bilinear resampling (affine_grid + grid_sample); uncovered borders are black, like collimation.
/// </summary>
/// <param name="MaxDegrees">Rotation in ±degrees.</param>
/// <param name="MaxScale">Scale in 1 ± this.</param>
/// <param name="MaxShift">Shift in ± this fraction of the image.</param>
public sealed record RandomAffine(double MaxDegrees = 5, double MaxScale = 0.05, double MaxShift = 0.04) : IBatchTransform
{
    /// <inheritdoc />
    public bool Geometric => true;

    /// <inheritdoc />
    public Tensor Apply(Tensor images, Random random)
    {
        long n = images.shape[0];
        var theta = new float[n * 6];
        for (int i = 0; i < n; i++)
        {
            double angle = (random.NextDouble() * 2 - 1) * MaxDegrees * Math.PI / 180;
            double scale = 1 + (random.NextDouble() * 2 - 1) * MaxScale;
            double tx = (random.NextDouble() * 2 - 1) * MaxShift * 2, ty = (random.NextDouble() * 2 - 1) * MaxShift * 2;
            double c = Math.Cos(angle) / scale, s = Math.Sin(angle) / scale;
            theta[6 * i] = (float)c; theta[6 * i + 1] = (float)-s; theta[6 * i + 2] = (float)tx;
            theta[6 * i + 3] = (float)s; theta[6 * i + 4] = (float)c; theta[6 * i + 5] = (float)ty;
        }
        using var scope = NewDisposeScope();
        var t = tensor(theta, [n, 2, 3], device: images.device);
        var grid = nn.functional.affine_grid(t, images.shape, align_corners: false);
        return nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false).MoveToOuterDisposeScope();
    }
}

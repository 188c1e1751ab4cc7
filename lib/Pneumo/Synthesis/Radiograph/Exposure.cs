namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// The detector and its processing: a characteristic curve (gain, gamma, offset) from density to brightness, scatter
/// that lifts and flattens the image, the unsharp masking a CR reader applies, quantum noise (stronger on AP films,
/// taken at the bedside), and on some films collimation: the unexposed border left bright.
/// </summary>
internal sealed class Exposure
{
    private readonly double _gain, _gamma, _offset, _noise, _scatter, _sharpen;
    private readonly (double Left, double Top, double Right, double Bottom)? _collimation;

    public Exposure(bool ap, Random rng)
    {
        double U(double a, double b) => a + (b - a) * rng.NextDouble();
        _gain = U(0.85, 1.12);
        _gamma = U(0.85, 1.2);
        _offset = U(-0.04, 0.05);
        _noise = ap ? U(0.012, 0.024) : U(0.007, 0.015);
        _scatter = ap ? U(0.12, 0.25) : U(0.06, 0.16);
        _sharpen = U(0.3, 0.9);
        _collimation = rng.NextDouble() < 0.5 ? (U(0, 0.05), U(0, 0.04), U(0, 0.05), U(0, 0.03)) : null;
    }

    /// <summary>The film's 8-bit pixels from its density; <paramref name="noiseSeed"/> seeds the quantum noise.</summary>
    public byte[] Develop(float[] density, int n, int noiseSeed)
    {
        var value = new float[density.Length];
        for (int i = 0; i < value.Length; i++)
            value[i] = (float)(Math.Pow(Math.Clamp(density[i], 0, 1.2) / 1.2, _gamma) * 1.2 * _gain + _offset);
        var broad = LowPass(value, n, 12);
        var local = LowPass(value, n, 80);
        var noise = new NoiseSource(noiseSeed);
        var output = new byte[value.Length];
        double px = 1.0 / n;
        for (int r = 0; r < n; r++)
        {
            double v = (r + 0.5) * px;
            for (int c = 0; c < n; c++)
            {
                int i = r * n + c;
                double x = (1 - _scatter) * value[i] + _scatter * broad[i];
                x += _sharpen * (value[i] - local[i]);
                if (_collimation is { } k)
                {
                    double u = (c + 0.5) * px;
                    double inside = Math.Min(Math.Min(u - k.Left, 1 - k.Right - u), Math.Min(v - k.Top, 1 - k.Bottom - v));
                    if (inside < 0.004) x += (0.93 - x) * Math.Clamp(1 - inside / 0.004, 0, 1);
                }
                x += _noise * (0.7 + 0.5 * Math.Clamp(x, 0, 1)) * noise.NextGaussian();
                output[i] = (byte)Math.Clamp(x * 255 + 0.5, 0, 255);
            }
        }
        return output;
    }

    /// <summary>A smooth low-pass copy: the image averaged over a cells x cells grid, interpolated back bilinearly.</summary>
    private static float[] LowPass(float[] image, int n, int cells)
    {
        var grid = new double[cells * cells];
        var count = new int[cells * cells];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                int g = r * cells / n * cells + c * cells / n;
                grid[g] += image[r * n + c];
                count[g]++;
            }
        for (int g = 0; g < grid.Length; g++) grid[g] /= Math.Max(1, count[g]);
        var result = new float[image.Length];
        for (int r = 0; r < n; r++)
        {
            double y = Math.Clamp((r + 0.5) * cells / n - 0.5, 0, cells - 1);
            int y0 = Math.Min((int)y, cells - 2);
            double ty = y - y0;
            for (int c = 0; c < n; c++)
            {
                double x = Math.Clamp((c + 0.5) * cells / n - 0.5, 0, cells - 1);
                int x0 = Math.Min((int)x, cells - 2);
                double tx = x - x0;
                double top = grid[y0 * cells + x0] * (1 - tx) + grid[y0 * cells + x0 + 1] * tx;
                double bottom = grid[(y0 + 1) * cells + x0] * (1 - tx) + grid[(y0 + 1) * cells + x0 + 1] * tx;
                result[r * n + c] = (float)(top * (1 - ty) + bottom * ty);
            }
        }
        return result;
    }
}

namespace Pneumo.Synthesis;

/// <summary>Shaping functions shared by the film renderers.</summary>
internal static class SynthesisMath
{
    /// <summary>Smoothstep of <paramref name="x"/> clamped to [0, 1].</summary>
    internal static double Smooth(double x) => x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x);

    /// <summary>A Gaussian bump of <paramref name="x"/> around <paramref name="center"/>.</summary>
    internal static double Bump(double x, double center, double width)
    {
        double t = (x - center) / width;
        return Math.Exp(-t * t);
    }

    /// <summary>Soft-edged membership of an ellipse.</summary>
    internal static double Ellipse(double u, double v, double cx, double cy, double rx, double ry, double soft)
    {
        double du = (u - cx) / rx, dv = (v - cy) / ry;
        double rr = Math.Sqrt(du * du + dv * dv);
        return Smooth((1 - rr) / (soft / Math.Min(rx, ry)));
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    internal static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}

/// <summary>Smooth random texture: bilinear value noise over a few octaves.</summary>
internal sealed class ValueNoise
{
    private readonly (int Size, float[] Grid)[] _octaves;

    public ValueNoise(Random rng, int octaves)
    {
        _octaves = new (int, float[])[octaves];
        for (int o = 0; o < octaves; o++)
        {
            int size = 8 << (o + 1);
            var grid = new float[(size + 1) * (size + 1)];
            for (int i = 0; i < grid.Length; i++) grid[i] = (float)rng.NextDouble();
            _octaves[o] = (size, grid);
        }
    }

    public double At(double u, double v)
    {
        double sum = 0, weight = 0, w = 1;
        foreach (var (size, grid) in _octaves)
        {
            double x = u * size, y = v * size;
            int x0 = Math.Clamp((int)x, 0, size - 1), y0 = Math.Clamp((int)y, 0, size - 1);
            double tx = x - x0, ty = y - y0;
            int s = size + 1;
            double a = grid[y0 * s + x0], b = grid[y0 * s + x0 + 1], c = grid[(y0 + 1) * s + x0], d = grid[(y0 + 1) * s + x0 + 1];
            sum += w * ((a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty);
            weight += w;
            w *= 0.6;
        }
        return sum / weight - 0.5;
    }
}

/// <summary>Fast seeded Gaussian noise (xorshift, sum of four uniforms).</summary>
internal sealed class NoiseSource(int seed)
{
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL;

    public double NextGaussian()
    {
        double sum = 0;
        for (int i = 0; i < 4; i++)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            sum += (_state >> 11) * (1.0 / (1UL << 53));
        }
        return (sum - 2) * 1.7320508075688772; // variance of the sum of 4 uniforms is 1/3
    }
}

using Pneumo.Compute;
using static TorchSharp.torch;

namespace Pneumo.Training.Augmentation;

/// <summary>
/// Draws wires over the film: with probability <paramref name="Probability"/> per image, one to three thin bright
/// curves (quadratic Bézier, 1 to 2 px wide at 256 px, some ending in an electrode disc), on films with and without a
/// pneumothorax alike. ECG leads, lines and tubes are thin bright curves over the lung, as the visceral pleural line
/// is: every false positive of the default recipe on the synthetic sample was an AP film with ECG leads. Wires drawn
/// on both classes teach the model that a line alone is not a pneumothorax.
/// </summary>
/// <param name="Probability">Chance that an image gets wires.</param>
/// <param name="MaxIntensity">Brightness added on the wire's centre line, in [0, 1] intensity units (from half of it up).</param>
public sealed record RandomWires(double Probability = 0.5, double MaxIntensity = 0.3) : IBatchTransform
{
    /// <inheritdoc />
    public bool Geometric => false;

    /// <inheritdoc />
    public Tensor Apply(Tensor images, Random random)
    {
        long n = images.shape[0];
        int h = (int)images.shape[2], w = (int)images.shape[3];
        float[]? layer = null;
        for (int i = 0; i < n; i++)
        {
            if (random.NextDouble() >= Probability) continue;
            layer ??= new float[n * h * w];
            var plane = layer.AsSpan(i * h * w, h * w);
            int wires = 1 + random.Next(3);
            for (int k = 0; k < wires; k++) DrawWire(plane, h, w, random);
        }
        if (layer is null) return images.alias();
        using var scope = NewDisposeScope();
        var wiresTensor = tensor(layer, [n, 1, h, w]).to(images.device);
        return images.Plus(wiresTensor).ClampUnit().MoveToOuterDisposeScope();
    }

    private void DrawWire(Span<float> plane, int h, int w, Random random)
    {
        // from anywhere on the upper two thirds of the chest to an edge or the lower chest, bowed by a random control point
        double x0 = w * (0.15 + 0.7 * random.NextDouble()), y0 = h * (0.15 + 0.5 * random.NextDouble());
        double x2 = w * random.NextDouble(), y2 = h * (0.55 + 0.45 * random.NextDouble());
        double x1 = (x0 + x2) / 2 + w * 0.3 * (random.NextDouble() - 0.5), y1 = (y0 + y2) / 2 + h * 0.3 * (random.NextDouble() - 0.5);
        double sigma = w / 256.0 * (0.45 + 0.35 * random.NextDouble());
        float peak = (float)(MaxIntensity * (0.5 + 0.5 * random.NextDouble()));
        double length = Math.Sqrt((x2 - x0) * (x2 - x0) + (y2 - y0) * (y2 - y0)) + Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
        int steps = Math.Max(8, (int)(2 * length));
        for (int s = 0; s <= steps; s++)
        {
            double t = (double)s / steps, u = 1 - t;
            Splat(plane, h, w, u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2, sigma, peak);
        }
        if (random.NextDouble() < 0.5) // an electrode: a small bright ring at the start
            for (int a = 0; a < 24; a++)
            {
                double angle = a * Math.PI / 12, r = w / 256.0 * 3;
                Splat(plane, h, w, x0 + r * Math.Cos(angle), y0 + r * Math.Sin(angle), sigma, peak);
            }
    }

    /// <summary>A Gaussian dot of <paramref name="sigma"/> px, kept as the maximum with what is already drawn.</summary>
    private static void Splat(Span<float> plane, int h, int w, double cx, double cy, double sigma, float peak)
    {
        int r = (int)Math.Ceiling(2.5 * sigma);
        for (int y = Math.Max(0, (int)cy - r); y <= Math.Min(h - 1, (int)cy + r); y++)
            for (int x = Math.Max(0, (int)cx - r); x <= Math.Min(w - 1, (int)cx + r); x++)
            {
                double d2 = (x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy);
                float v = (float)(peak * Math.Exp(-d2 / (2 * sigma * sigma)));
                ref float p = ref plane[y * w + x];
                if (v > p) p = v;
            }
    }
}

using SkiaSharp;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// The pulmonary vessels: from each hilum a fan of trunks that fork and taper (each generation 0.74 times as wide), drawn
/// blurred into an 8-bit layer. Both film renderers use it; the draws from the seed are the same as they always were.
/// </summary>
internal static class VascularTree
{
    /// <summary>
    /// The vessel layer of an <paramref name="n"/> x <paramref name="n"/> film, one fan per hilum (lung side, x, y in image
    /// widths), blurred by <paramref name="blurWidth"/> image widths.
    /// </summary>
    public static unsafe byte[] Draw(int n, Random rng, float blurWidth, IReadOnlyList<(bool Right, double X, double Y)> hila)
    {
        var pixels = new byte[n * n];
        var info = new SKImageInfo(n, n, SKColorType.Alpha8, SKAlphaType.Premul);
        fixed (byte* p = pixels)
        {
            using var surface = SKSurface.Create(info, (IntPtr)p, n);
            var canvas = surface.Canvas;
            using var blur = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, blurWidth * n);
            using var paint = new SKPaint
            {
                IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, Color = new SKColor(0, 0, 0, 255), MaskFilter = blur,
            };
            foreach (var (right, hx, hy) in hila)
            {
                int trunks = 9 + rng.Next(4);
                for (int t = 0; t < trunks; t++)
                {
                    double angle = (right ? Math.PI : 0) + (right ? 1 : -1) * (-1.45 + 2.7 * (t + rng.NextDouble() * 0.6) / trunks);
                    Branch(canvas, paint, rng, n, hx, hy, angle, 0.06, 0.007, 0);
                }
            }
            canvas.Flush();
        }
        return pixels;
    }

    private static void Branch(SKCanvas canvas, SKPaint paint, Random rng, int n, double x, double y, double angle, double length, double width, int depth)
    {
        if (depth > 7 || width < 0.0008) return;
        double x2 = x + Math.Cos(angle) * length, y2 = y + Math.Sin(angle) * length;
        paint.StrokeWidth = (float)(width * n);
        paint.Color = new SKColor(0, 0, 0, (byte)(255 * Math.Max(0.3, 0.9 - depth * 0.09)));
        canvas.DrawLine((float)(x * n), (float)(y * n), (float)(x2 * n), (float)(y2 * n), paint);
        int children = depth < 2 ? 2 : rng.Next(1, 3);
        for (int i = 0; i < children; i++)
        {
            double turn = (i == 0 ? -1 : 1) * (0.25 + 0.35 * rng.NextDouble());
            Branch(canvas, paint, rng, n, x2, y2, angle + turn, length * (0.74 + 0.16 * rng.NextDouble()), width * 0.74, depth + 1);
        }
    }
}

using SkiaSharp;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// What the radiographer leaves on the film: a lead side marker (R or L in a box, on the patient's side) and on many
/// films a legend (AP films: PORTABLE or SUPINE; PA films: ERECT). Drawn with a stroke font of our own, so the pixels do
/// not depend on the fonts a machine has installed.
/// </summary>
internal static class BurnedInText
{
    /// <summary>Stroke glyphs on a 4 x 6 grid (y down): polylines as x,y pairs.</summary>
    private static readonly Dictionary<char, double[][]> Glyphs = new()
    {
        ['A'] = [[0, 6, 2, 0, 4, 6], [1, 3.5, 3, 3.5]],
        ['B'] = [[0, 0, 0, 6, 3, 6, 4, 5, 4, 4, 3, 3, 0, 3], [0, 0, 3, 0, 4, 1, 4, 2, 3, 3]],
        ['C'] = [[4, 1, 3, 0, 1, 0, 0, 1, 0, 5, 1, 6, 3, 6, 4, 5]],
        ['E'] = [[4, 0, 0, 0, 0, 6, 4, 6], [0, 3, 3, 3]],
        ['I'] = [[2, 0, 2, 6], [1, 0, 3, 0], [1, 6, 3, 6]],
        ['L'] = [[0, 0, 0, 6, 4, 6]],
        ['N'] = [[0, 6, 0, 0, 4, 6, 4, 0]],
        ['O'] = [[1, 0, 3, 0, 4, 1, 4, 5, 3, 6, 1, 6, 0, 5, 0, 1, 1, 0]],
        ['P'] = [[0, 6, 0, 0, 3, 0, 4, 1, 4, 2, 3, 3, 0, 3]],
        ['R'] = [[0, 6, 0, 0, 3, 0, 4, 1, 4, 2, 3, 3, 0, 3], [2, 3, 4, 6]],
        ['S'] = [[4, 1, 3, 0, 1, 0, 0, 1, 0, 2, 1, 3, 3, 3, 4, 4, 4, 5, 3, 6, 1, 6, 0, 5]],
        ['T'] = [[0, 0, 4, 0], [2, 0, 2, 6]],
        ['U'] = [[0, 0, 0, 5, 1, 6, 3, 6, 4, 5, 4, 0]],
    };

    /// <summary>Burns the marker and legend of a film into <paramref name="pixels"/> (bright, as lead letters are).</summary>
    public static unsafe void Burn(byte[] pixels, int n, FilmAnatomy a, Random rng)
    {
        var layer = new byte[n * n];
        var info = new SKImageInfo(n, n, SKColorType.Alpha8, SKAlphaType.Premul);
        fixed (byte* p = layer)
        {
            using var surface = SKSurface.Create(info, (IntPtr)p, n);
            var canvas = surface.Canvas;
            using var paint = new SKPaint
            {
                IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round,
                Color = new SKColor(0, 0, 0, 255),
            };
            // the side marker, usually on the patient's right (the image's left), at a shoulder
            bool right = rng.NextDouble() < 0.75;
            double size = 0.035 + 0.015 * rng.NextDouble();
            double x = right ? 0.06 + 0.08 * rng.NextDouble() : 0.86 - 0.08 * rng.NextDouble(), y = 0.05 + 0.1 * rng.NextDouble();
            paint.StrokeWidth = (float)(size * 0.16 * n);
            Text(canvas, paint, n, right ? "R" : "L", x, y, size);
            paint.StrokeWidth = (float)(size * 0.08 * n);
            canvas.DrawRect((float)((x - size * 0.35) * n), (float)((y - size * 0.3) * n), (float)(size * 1.35 * n), (float)(size * 1.6 * n), paint);
            if (rng.NextDouble() < 0.6)
            {
                string legend = a.Ap ? (rng.NextDouble() < 0.5 ? "PORTABLE" : "SUPINE") : "ERECT";
                double h = 0.02 + 0.008 * rng.NextDouble();
                paint.StrokeWidth = (float)(h * 0.14 * n);
                Text(canvas, paint, n, legend, right ? 0.95 - legend.Length * h * 0.85 : 0.05, 0.04 + 0.03 * rng.NextDouble(), h);
            }
            canvas.Flush();
        }
        for (int i = 0; i < pixels.Length; i++)
            if (layer[i] > 0) pixels[i] = (byte)Math.Max(pixels[i], layer[i] * 245 / 255);
    }

    /// <summary>Draws <paramref name="text"/> with its top-left at (x, y), letters <paramref name="height"/> high (image widths).</summary>
    private static void Text(SKCanvas canvas, SKPaint paint, int n, string text, double x, double y, double height)
    {
        double scale = height / 6;
        foreach (char ch in text)
        {
            foreach (var line in Glyphs[ch])
            {
                var points = new SKPoint[line.Length / 2];
                for (int k = 0; k < points.Length; k++)
                    points[k] = new SKPoint((float)((x + line[2 * k] * scale) * n), (float)((y + line[2 * k + 1] * scale) * n));
                canvas.DrawPoints(SKPointMode.Polygon, points, paint);
            }
            x += 5.5 * scale;
        }
    }
}

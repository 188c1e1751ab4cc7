using SkiaSharp;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// Lines and tubes over the film, drawn with Skia into an 8-bit layer: ECG electrodes and wires (both renderers), and on
/// version 3 films the chest drain, central line, endotracheal and nasogastric tubes of <see cref="FilmDevices"/>.
/// </summary>
internal static class DeviceDrawing
{
    /// <summary>A layer of 2 to 4 ECG electrodes with their wires (the version 2 films' only device).</summary>
    public static byte[] EcgLeads(int n, Random rng) => Layer(n, canvas => DrawEcgLeads(canvas, n, rng));

    /// <summary>The devices of <paramref name="devices"/> on a film of <paramref name="anatomy"/>: opacity 0-255 per pixel.</summary>
    public static byte[] Draw(int n, Random rng, FilmAnatomy anatomy, FilmDevices devices) => Layer(n, canvas =>
    {
        if (devices.EcgLeads) DrawEcgLeads(canvas, n, rng);
        if (devices.CentralLine) CentralLine(canvas, n, rng, anatomy);
        if (devices.EndotrachealTube) EndotrachealTube(canvas, n, rng, anatomy);
        if (devices.NasogastricTube) NasogastricTube(canvas, n, rng, anatomy);
        if (devices.ChestDrain) ChestDrain(canvas, n, rng, anatomy, devices.DrainOnRight);
    });

    private static unsafe byte[] Layer(int n, Action<SKCanvas> draw)
    {
        var pixels = new byte[n * n];
        var info = new SKImageInfo(n, n, SKColorType.Alpha8, SKAlphaType.Premul);
        fixed (byte* p = pixels)
        {
            using var surface = SKSurface.Create(info, (IntPtr)p, n);
            draw(surface.Canvas);
            surface.Canvas.Flush();
        }
        return pixels;
    }

    private static void DrawEcgLeads(SKCanvas canvas, int n, Random rng)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.004f * n, Color = new SKColor(0, 0, 0, 255) };
        int leads = 2 + rng.Next(3);
        for (int i = 0; i < leads; i++)
        {
            float x = (float)((0.2 + 0.6 * rng.NextDouble()) * n), y = (float)((0.2 + 0.5 * rng.NextDouble()) * n);
            canvas.DrawCircle(x, y, 0.012f * n, paint);
            // the wire: a cubic Bezier drawn as short segments
            float x1 = x + (float)(rng.NextDouble() - 0.5) * n * 0.4f, y1 = y + n * 0.2f;
            float x2 = x + (float)(rng.NextDouble() - 0.5) * n * 0.6f, y2 = n * 0.8f;
            float x3 = (float)(rng.NextDouble() * n), y3 = n;
            paint.StrokeWidth = 0.0025f * n;
            float px0 = x, py0 = y;
            for (int s = 1; s <= 32; s++)
            {
                float t = s / 32f, m = 1 - t;
                float bx = m * m * m * x + 3 * m * m * t * x1 + 3 * m * t * t * x2 + t * t * t * x3;
                float by = m * m * m * y + 3 * m * m * t * y1 + 3 * m * t * t * y2 + t * t * t * y3;
                canvas.DrawLine(px0, py0, bx, by, paint);
                (px0, py0) = (bx, by);
            }
            paint.StrokeWidth = 0.004f * n;
        }
    }

    /// <summary>
    /// An intercostal drain: enters through the lateral chest wall in the mid-axillary line, runs up inside the wall to the
    /// apex; a faint plastic tube with a radio-opaque stripe, broken where the side hole is.
    /// </summary>
    private static void ChestDrain(SKCanvas canvas, int n, Random rng, FilmAnatomy a, bool onRight)
    {
        var lung = onRight ? a.RightLung : a.LeftLung;
        double side = onRight ? -1 : 1; // towards the patient's side, in image x
        double entryY = lung.Cy + lung.Down * (0.3 + 0.3 * rng.NextDouble());
        double wall = lung.Cx + side * lung.HalfWidth * (1.0 + 0.1 * rng.NextDouble());
        (double, double) outside = (a.Mid + side * (a.BodyHalf + 0.08), entryY + 0.06 + 0.05 * rng.NextDouble());
        (double, double) entry = (wall, entryY);
        (double, double) bend = (lung.Cx + side * lung.HalfWidth * (0.55 + 0.2 * rng.NextDouble()), lung.Cy - lung.Up * 0.3);
        (double, double) tip = (lung.Cx + side * lung.HalfWidth * (0.1 + 0.3 * rng.NextDouble()), lung.Cy - lung.Up * (0.75 + 0.15 * rng.NextDouble()));
        var path = Curve(n, outside, entry, bend, tip);
        using var tube = Stroke(0.011f * n, 110);
        canvas.DrawPoints(SKPointMode.Polygon, path, tube);
        using var stripe = Stroke(0.0024f * n, 255);
        float gap = 0.52f + 0.1f * (float)rng.NextDouble();
        var beforeHole = Curve(n, outside, entry, bend, tip, 0, gap);
        var afterHole = Curve(n, outside, entry, bend, tip, gap + 0.035f, 1);
        canvas.DrawPoints(SKPointMode.Polygon, beforeHole, stripe);
        canvas.DrawPoints(SKPointMode.Polygon, afterHole, stripe);
    }

    /// <summary>A subclavian central venous catheter: below the clavicle, medially, then down to the superior vena cava.</summary>
    private static void CentralLine(SKCanvas canvas, int n, Random rng, FilmAnatomy a)
    {
        double side = rng.NextDouble() < 0.6 ? -1 : 1;
        double y = a.ClavicleY + 0.03;
        var path = Curve(n, (a.Mid + side * 0.3, y - 0.01), (a.Mid + side * 0.12, y + 0.02), (a.Mid - 0.035, y + 0.02),
            (a.Mid - 0.03 - 0.01 * rng.NextDouble(), y + 0.14 + 0.04 * rng.NextDouble()));
        using var paint = Stroke(0.003f * n, 220);
        canvas.DrawPoints(SKPointMode.Polygon, path, paint);
    }

    /// <summary>An endotracheal tube down the trachea, its tip a few centimetres above the carina.</summary>
    private static void EndotrachealTube(SKCanvas canvas, int n, Random rng, FilmAnatomy a)
    {
        double x = a.Mid + 0.006 * (rng.NextDouble() - 0.5), tip = a.Carina - 0.03 - 0.04 * rng.NextDouble();
        var path = Curve(n, (x + 0.02, -0.01), (x + 0.005, a.Apex * 0.4), (x, a.Apex), (x, tip));
        using var tube = Stroke(0.016f * n, 55);
        canvas.DrawPoints(SKPointMode.Polygon, path, tube);
        using var stripe = Stroke(0.0022f * n, 240);
        var wall = Curve(n, (x + 0.026, -0.01), (x + 0.011, a.Apex * 0.4), (x + 0.006, a.Apex), (x + 0.006, tip));
        canvas.DrawPoints(SKPointMode.Polygon, wall, stripe);
    }

    /// <summary>A nasogastric tube: down the oesophagus just left of the midline, through the diaphragm into the stomach.</summary>
    private static void NasogastricTube(SKCanvas canvas, int n, Random rng, FilmAnatomy a)
    {
        double x = a.Mid + 0.012;
        double stomach = a.BaseLeft + 0.05 + 0.04 * rng.NextDouble();
        var path = Curve(n, (x - 0.01, -0.01), (x, a.Carina), (x + 0.02, a.BaseLeft - 0.05), (x + 0.09 + 0.05 * rng.NextDouble(), stomach));
        using var paint = Stroke(0.0032f * n, 215);
        canvas.DrawPoints(SKPointMode.Polygon, path, paint);
    }

    private static SKPaint Stroke(float width, byte alpha) => new()
    {
        IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round,
        Color = new SKColor(0, 0, 0, alpha),
    };

    /// <summary>
    /// The cubic Bezier of the four control points (image widths), from parameter <paramref name="from"/> to
    /// <paramref name="to"/>, as a polyline in pixels.
    /// </summary>
    private static SKPoint[] Curve(int n, (double X, double Y) p0, (double X, double Y) p1, (double X, double Y) p2, (double X, double Y) p3,
        float from = 0, float to = 1)
    {
        const int Segments = 48;
        var points = new SKPoint[Segments + 1];
        for (int s = 0; s <= Segments; s++)
        {
            double t = from + (to - from) * s / Segments, m = 1 - t;
            double x = m * m * m * p0.X + 3 * m * m * t * p1.X + 3 * m * t * t * p2.X + t * t * t * p3.X;
            double y = m * m * m * p0.Y + 3 * m * m * t * p1.Y + 3 * m * t * t * p2.Y + t * t * t * p3.Y;
            points[s] = new SKPoint((float)(x * n), (float)(y * n));
        }
        return points;
    }
}

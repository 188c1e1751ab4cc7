namespace Pneumo.Imaging;

/// <summary>Colour overlays on grayscale films for notebooks and reports: masks as a tinted region, heatmaps as a colour map.</summary>
public static class Overlay
{
    /// <summary>
    /// A mask over a film: masked pixels blended towards <paramref name="color"/> by <paramref name="alpha"/>, plus a
    /// solid outline. Returns interleaved RGB.
    /// </summary>
    public static byte[] Mask(ReadOnlySpan<byte> gray, ReadOnlySpan<byte> mask, int width, int height, (byte R, byte G, byte B)? color = null, double alpha = 0.35)
    {
        if (gray.Length != width * height || mask.Length != width * height) throw new ArgumentException($"expected {width * height} pixels in image and mask");
        var (cr, cg, cb) = color ?? ((byte)255, (byte)40, (byte)40);
        var rgb = new byte[width * height * 3];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                int i = r * width + c;
                byte g = gray[i];
                bool on = mask[i] != 0;
                bool edge = on && (c == 0 || r == 0 || c == width - 1 || r == height - 1 || mask[i - 1] == 0 || mask[i + 1] == 0 || mask[i - width] == 0 || mask[i + width] == 0);
                double a = edge ? 1 : on ? alpha : 0;
                rgb[3 * i] = (byte)(g + (cr - g) * a);
                rgb[3 * i + 1] = (byte)(g + (cg - g) * a);
                rgb[3 * i + 2] = (byte)(g + (cb - g) * a);
            }
        return rgb;
    }

    /// <summary>A [0, 1] heatmap over a film with a blue-green-yellow-red colour map, weighted by the heat itself.</summary>
    public static byte[] Heatmap(ReadOnlySpan<byte> gray, ReadOnlySpan<float> heat, int width, int height, double alpha = 0.5)
    {
        if (gray.Length != width * height || heat.Length != width * height) throw new ArgumentException($"expected {width * height} pixels in image and heatmap");
        var rgb = new byte[width * height * 3];
        for (int i = 0; i < gray.Length; i++)
        {
            double h = Math.Clamp(heat[i], 0, 1), a = alpha * Math.Sqrt(h);
            var (r, g, b) = ColorMap(h);
            rgb[3 * i] = (byte)(gray[i] + (r - gray[i]) * a);
            rgb[3 * i + 1] = (byte)(gray[i] + (g - gray[i]) * a);
            rgb[3 * i + 2] = (byte)(gray[i] + (b - gray[i]) * a);
        }
        return rgb;
    }

    /// <summary>Piecewise-linear map: 0 blue, 1/3 cyan-green, 2/3 yellow, 1 red.</summary>
    public static (byte R, byte G, byte B) ColorMap(double t)
    {
        t = Math.Clamp(t, 0, 1);
        double r = Math.Clamp(1.5 * t * 2 - 1.0, 0, 1), g = Math.Clamp(t < 0.5 ? 2 * t : 2 - 2 * t + 0.3, 0, 1), b = Math.Clamp(1 - 2 * t, 0, 1);
        return ((byte)(255 * r), (byte)(255 * g), (byte)(255 * b));
    }
}

namespace Pneumo.Imaging;

/// <summary>
/// Resizing by area averaging: each output pixel is the mean of the input area it covers (fractional pixels weighted),
/// the antialiased way to shrink radiographs and masks. Separable: rows, then columns.
/// </summary>
public static class AreaResize
{
    /// <summary>Resizes a row-major float image.</summary>
    public static float[] Resize(ReadOnlySpan<float> source, int width, int height, int newWidth, int newHeight)
    {
        if (source.Length != width * height) throw new ArgumentException($"expected {width * height} values, got {source.Length}", nameof(source));
        var horizontal = Weights(width, newWidth);
        var vertical = Weights(height, newHeight);
        var temp = new float[newWidth * height];
        for (int r = 0; r < height; r++)
        {
            var row = source.Slice(r * width, width);
            for (int c = 0; c < newWidth; c++)
            {
                double sum = 0;
                foreach (var (index, weight) in horizontal[c]) sum += row[index] * weight;
                temp[r * newWidth + c] = (float)sum;
            }
        }
        var output = new float[newWidth * newHeight];
        for (int r = 0; r < newHeight; r++)
            foreach (var (index, weight) in vertical[r])
            {
                int src = index * newWidth, dst = r * newWidth;
                float w = (float)weight;
                for (int c = 0; c < newWidth; c++) output[dst + c] += temp[src + c] * w;
            }
        return output;
    }

    /// <summary>Resizes an 8-bit image, rounding to the nearest value.</summary>
    public static byte[] Resize(ReadOnlySpan<byte> source, int width, int height, int newWidth, int newHeight)
    {
        var f = new float[source.Length];
        for (int i = 0; i < f.Length; i++) f[i] = source[i];
        var resized = Resize(f, width, height, newWidth, newHeight);
        var output = new byte[resized.Length];
        for (int i = 0; i < output.Length; i++) output[i] = (byte)Math.Clamp(MathF.Round(resized[i]), 0, 255);
        return output;
    }

    private static (int Index, double Weight)[][] Weights(int from, int to)
    {
        var weights = new (int, double)[to][];
        double scale = (double)from / to;
        for (int o = 0; o < to; o++)
        {
            double start = o * scale, end = (o + 1) * scale;
            var list = new List<(int, double)>();
            if (scale <= 1)
            {
                // Enlarging: linear interpolation between the two nearest inputs.
                double center = (o + 0.5) * scale - 0.5;
                int i0 = (int)Math.Floor(center);
                double t = center - i0;
                list.Add((Math.Clamp(i0, 0, from - 1), 1 - t));
                list.Add((Math.Clamp(i0 + 1, 0, from - 1), t));
            }
            else
            {
                for (int i = (int)Math.Floor(start); i < Math.Min(from, (int)Math.Ceiling(end)); i++)
                {
                    double overlap = Math.Min(end, i + 1) - Math.Max(start, i);
                    if (overlap > 1e-12) list.Add((i, overlap / scale));
                }
            }
            weights[o] = list.ToArray();
        }
        return weights;
    }
}

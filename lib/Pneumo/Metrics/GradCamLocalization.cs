using Pneumo.Masks;

namespace Pneumo.Metrics;

/// <summary>
/// Does a heatmap point at the lesion? The pointing game (Zhang et al. 2016): a hit when the heatmap's maximum falls
/// inside the lesion mask dilated by a tolerance (here 5% of the image side, as the issue of record asks), and the share
/// of the heatmap's positive mass inside that dilated mask. The heatmap and the mask have the same size.
/// </summary>
public static class GradCamLocalization
{
    /// <summary>The dilation radius for an image side: 5% of it, rounded.</summary>
    public static int ToleranceFor(int side) => (int)Math.Round(0.05 * side);

    /// <summary>The mask dilated by a disk of <paramref name="radius"/> pixels (Euclidean).</summary>
    public static BinaryMask Dilate(BinaryMask mask, int radius)
    {
        int w = mask.Width, h = mask.Height;
        var result = new BinaryMask(w, h);
        var offsets = new List<(int Dy, int Dx)>();
        for (int dy = -radius; dy <= radius; dy++)
            for (int dx = -radius; dx <= radius; dx++)
                if (dx * dx + dy * dy <= radius * radius) offsets.Add((dy, dx));
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                if (!mask[y, x]) continue;
                result[y, x] = true;
                // only boundary pixels can reach outside the mask
                bool interior = y > 0 && y < h - 1 && x > 0 && x < w - 1 && mask[y - 1, x] && mask[y + 1, x] && mask[y, x - 1] && mask[y, x + 1];
                if (interior) continue;
                foreach (var (dy, dx) in offsets)
                {
                    int yy = y + dy, xx = x + dx;
                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) result.Pixels[yy * w + xx] = 1;
                }
            }
        return result;
    }

    /// <summary>True when the maximum of <paramref name="heatmap"/> (row-major, mask-sized) lies in <paramref name="region"/> (the first maximum on ties).</summary>
    /// <exception cref="ArgumentException">Sizes differ.</exception>
    public static bool PointsInside(ReadOnlySpan<float> heatmap, BinaryMask region)
    {
        if (heatmap.Length != region.Pixels.Length) throw new ArgumentException($"heatmap of {heatmap.Length} values for a {region.Width}x{region.Height} mask");
        int best = 0;
        for (int i = 1; i < heatmap.Length; i++) if (heatmap[i] > heatmap[best]) best = i;
        return region.Pixels[best] != 0;
    }

    /// <summary>The share of the positive heatmap mass inside <paramref name="region"/> (0 when the heatmap is all zero).</summary>
    /// <exception cref="ArgumentException">Sizes differ.</exception>
    public static double MassInside(ReadOnlySpan<float> heatmap, BinaryMask region)
    {
        if (heatmap.Length != region.Pixels.Length) throw new ArgumentException($"heatmap of {heatmap.Length} values for a {region.Width}x{region.Height} mask");
        double inside = 0, total = 0;
        for (int i = 0; i < heatmap.Length; i++)
        {
            if (heatmap[i] <= 0) continue;
            total += heatmap[i];
            if (region.Pixels[i] != 0) inside += heatmap[i];
        }
        return total > 0 ? inside / total : 0;
    }
}

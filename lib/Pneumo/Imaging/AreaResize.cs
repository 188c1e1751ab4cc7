using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>
    /// Resizes an 8-bit image, rounding to the nearest value (halves to even, as <see cref="MathF.Round(float)"/>).
    /// Shrinking by a power-of-two factor in both directions (1024 to 256 or 512) sums whole blocks in integers, which
    /// gives exactly the values of the weighted path (every weight is then an exact binary fraction).
    /// </summary>
    public static byte[] Resize(ReadOnlySpan<byte> source, int width, int height, int newWidth, int newHeight)
    {
        if (source.Length != width * height) throw new ArgumentException($"expected {width * height} values, got {source.Length}", nameof(source));
        if (BlockFactor(width, newWidth) is int fx && BlockFactor(height, newHeight) is int fy)
        {
            int area = fx * fy, shift = System.Numerics.BitOperations.Log2((uint)area), half = area >> 1;
            var result = new byte[newWidth * newHeight];
            Span<int> sums = newWidth <= 4096 ? stackalloc int[newWidth] : new int[newWidth];
            for (int r = 0; r < newHeight; r++)
            {
                BlockRowSums(source, width, r, fx, fy, sums);
                var output = result.AsSpan(r * newWidth, newWidth);
                RoundBlockSums(sums, output, shift, area == 1 ? 0 : half - 1, area == 1 ? 0 : 1);
            }
            return result;
        }
        return ResizeWeighted(source, width, height, newWidth, newHeight);
    }

    /// <summary>The weighted path of <see cref="Resize(ReadOnlySpan{byte}, int, int, int, int)"/> for any factor (the reference of the block path).</summary>
    internal static byte[] ResizeWeighted(ReadOnlySpan<byte> source, int width, int height, int newWidth, int newHeight)
    {
        var f = new float[source.Length];
        for (int i = 0; i < f.Length; i++) f[i] = source[i];
        var resized = Resize(f, width, height, newWidth, newHeight);
        var output = new byte[resized.Length];
        for (int i = 0; i < output.Length; i++) output[i] = (byte)Math.Clamp(MathF.Round(resized[i]), 0, 255);
        return output;
    }

    /// <summary>
    /// Shrinks a 0/1 mask: a pixel is set when the share of set pixels it covers reaches <paramref name="threshold"/>
    /// (less 1e-6). Power-of-two factors count whole blocks in integers, with the same result as the weighted path.
    /// </summary>
    public static byte[] ResizeMask(ReadOnlySpan<byte> mask, int width, int height, int newWidth, int newHeight, double threshold)
    {
        var result = new byte[newWidth * newHeight];
        if (BlockFactor(width, newWidth) is int fx && BlockFactor(height, newHeight) is int fy)
        {
            // the sums are integers: reaching the real threshold is reaching its ceiling
            int needed = (int)Math.Max(Math.Ceiling((threshold - 1e-6) * fx * fy), int.MinValue / 2);
            Span<int> sums = newWidth <= 4096 ? stackalloc int[newWidth] : new int[newWidth];
            for (int r = 0; r < newHeight; r++)
            {
                BlockRowSums(mask, width, r, fx, fy, sums);
                ThresholdBlockSums(sums, result.AsSpan(r * newWidth, newWidth), needed);
            }
            return result;
        }
        return ResizeMaskWeighted(mask, width, height, newWidth, newHeight, threshold);
    }

    /// <summary>The weighted path of <see cref="ResizeMask"/> for any factor (the reference of the block path).</summary>
    internal static byte[] ResizeMaskWeighted(ReadOnlySpan<byte> mask, int width, int height, int newWidth, int newHeight, double threshold)
    {
        var result = new byte[newWidth * newHeight];
        var coverage = new float[mask.Length];
        for (int i = 0; i < mask.Length; i++) coverage[i] = mask[i];
        var resized = Resize(coverage, width, height, newWidth, newHeight);
        for (int i = 0; i < resized.Length; i++) result[i] = resized[i] >= threshold - 1e-6 ? (byte)1 : (byte)0;
        return result;
    }

    /// <summary>
    /// Block sums to bytes, rounding sum / 2^shift half to even without branches (the low bits of real films are noise:
    /// a branch on them mispredicts half the time): q = (sum + bias + (quotient's low bit and odd)) >> shift.
    /// </summary>
    private static void RoundBlockSums(ReadOnlySpan<int> sums, Span<byte> output, int shift, int bias, int odd)
    {
        int c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var b = Vector256.Create(bias);
            var o = Vector256.Create(odd);
            for (; c + 32 <= sums.Length; c += 32)
            {
                var low = Vector256.Narrow(Round(sums.Slice(c, 8), b, o, shift), Round(sums.Slice(c + 8, 8), b, o, shift));
                var high = Vector256.Narrow(Round(sums.Slice(c + 16, 8), b, o, shift), Round(sums.Slice(c + 24, 8), b, o, shift));
                Vector256.Narrow(low, high).CopyTo(output.Slice(c, 32));
            }
        }
        for (; c < sums.Length; c++)
        {
            int sum = sums[c];
            output[c] = (byte)((sum + bias + ((sum >> shift) & odd)) >> shift);
        }
    }

    private static Vector256<uint> Round(ReadOnlySpan<int> eight, Vector256<int> bias, Vector256<int> odd, int shift)
    {
        var s = Vector256.Create(eight);
        return Vector256.ShiftRightArithmetic(s + bias + (Vector256.ShiftRightArithmetic(s, shift) & odd), shift).AsUInt32();
    }

    private static Vector256<uint> Reaches(ReadOnlySpan<int> eight, Vector256<int> needed, Vector256<int> one) =>
        (Vector256.GreaterThanOrEqual(Vector256.Create(eight), needed) & one).AsUInt32();

    /// <summary>1 where a block sum reaches <paramref name="needed"/>, else 0.</summary>
    private static void ThresholdBlockSums(ReadOnlySpan<int> sums, Span<byte> output, int needed)
    {
        int c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var n = Vector256.Create(needed);
            var one = Vector256.Create(1);
            for (; c + 32 <= sums.Length; c += 32)
            {
                var low = Vector256.Narrow(Reaches(sums.Slice(c, 8), n, one), Reaches(sums.Slice(c + 8, 8), n, one));
                var high = Vector256.Narrow(Reaches(sums.Slice(c + 16, 8), n, one), Reaches(sums.Slice(c + 24, 8), n, one));
                Vector256.Narrow(low, high).CopyTo(output.Slice(c, 32));
            }
        }
        for (; c < sums.Length; c++) output[c] = sums[c] >= needed ? (byte)1 : (byte)0;
    }

    /// <summary>The factor when <paramref name="from"/> shrinks to <paramref name="to"/> by a power of two (1 included), else null.</summary>
    private static int? BlockFactor(int from, int to) =>
        to > 0 && from % to == 0 && System.Numerics.BitOperations.IsPow2(from / to) ? from / to : null;

    /// <summary>The sums of output row <paramref name="r"/>'s <paramref name="fx"/> x <paramref name="fy"/> blocks into <paramref name="sums"/> (AVX2 for factors 2 and 4 where the processor has it).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void BlockRowSums(ReadOnlySpan<byte> source, int width, int r, int fx, int fy, Span<int> sums)
    {
        sums.Clear();
        int newWidth = sums.Length;
        for (int dy = 0; dy < fy; dy++)
        {
            var row = source.Slice((r * fy + dy) * width, width);
            int c = fx is 2 or 4 && Avx2.IsSupported ? AddBlocksAvx2(row, sums, fx) : 0;
            for (int x = c * fx; c < newWidth; c++)
                for (int k = 0; k < fx; k++, x++) sums[c] += row[x];
        }
    }

    /// <summary>
    /// Adds the sums of <paramref name="fx"/> (2 or 4) adjacent bytes of <paramref name="row"/> into <paramref name="target"/>,
    /// 32 bytes at a time (byte pairs by vpmaddubsw, then pairs of pairs by vpmaddwd, in order); returns the outputs done.
    /// </summary>
    private static unsafe int AddBlocksAvx2(ReadOnlySpan<byte> row, Span<int> target, int fx)
    {
        var ones8 = Vector256.Create((sbyte)1);
        var ones16 = Vector256.Create((short)1);
        int x = 0, c = 0;
        fixed (byte* src = row)
        fixed (int* dst = target)
        {
            for (; x + 32 <= row.Length && c + 32 / fx <= target.Length; x += 32)
            {
                var pairs = Avx2.MultiplyAddAdjacent(Avx.LoadVector256(src + x), ones8);
                if (fx == 4)
                {
                    var quads = Avx2.MultiplyAddAdjacent(pairs, ones16);
                    Avx.Store(dst + c, Avx2.Add(Avx.LoadVector256(dst + c), quads));
                    c += 8;
                }
                else
                {
                    var low = Avx2.ConvertToVector256Int32(pairs.GetLower());
                    var high = Avx2.ConvertToVector256Int32(pairs.GetUpper());
                    Avx.Store(dst + c, Avx2.Add(Avx.LoadVector256(dst + c), low));
                    Avx.Store(dst + c + 8, Avx2.Add(Avx.LoadVector256(dst + c + 8), high));
                    c += 16;
                }
            }
        }
        return c;
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

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// libjpeg's (IJG 6b, dcmtk's) output stage for DCT JPEG: upsampling of subsampled components (jdsample.c: "fancy"
/// triangle filters for 2:1 horizontal and 2:1 both ways, the edges replicated as jdmainct.c does; plain replication
/// for other integral factors) and the YCbCr to RGB conversion (jdcolor.c), at 8 or 12 bits.
/// </summary>
internal static class LibjpegColour
{
    /// <summary>
    /// The component's samples (<paramref name="width"/> x <paramref name="height"/> at <paramref name="stride"/>)
    /// brought to the frame's <paramref name="outWidth"/> x <paramref name="outHeight"/>; null for fractional factors.
    /// </summary>
    public static ushort[]? Upsample(ushort[] plane, int stride, int width, int height, int h, int v, int hMax, int vMax, int outWidth, int outHeight)
    {
        if (hMax % h != 0 || vMax % v != 0) return null;
        int hf = hMax / h, vf = vMax / v;
        var output = new ushort[outWidth * outHeight];
        bool fancy = width > 2; // libjpeg: do_fancy_upsampling (its default) && downsampled_width > 2
        if (hf == 2 && vf == 1 && fancy)
        {
            var row = new ushort[2 * width];
            for (int y = 0; y < outHeight; y++)
            {
                FancyH2V1(plane.AsSpan(y * stride, width), row);
                row.AsSpan(0, outWidth).CopyTo(output.AsSpan(y * outWidth));
            }
        }
        else if (hf == 2 && vf == 2 && fancy)
        {
            var row = new ushort[2 * width];
            for (int r = 0; r < height; r++)
                for (int half = 0; half < 2; half++)
                {
                    int y = 2 * r + half;
                    if (y >= outHeight) break;
                    int neighbour = half == 0 ? Math.Max(r - 1, 0) : Math.Min(r + 1, height - 1);
                    FancyH2V2(plane.AsSpan(r * stride, width), plane.AsSpan(neighbour * stride, width), row);
                    row.AsSpan(0, outWidth).CopyTo(output.AsSpan(y * outWidth));
                }
        }
        else
        {
            for (int y = 0; y < outHeight; y++)
            {
                var source = plane.AsSpan(y / vf * stride);
                var o = output.AsSpan(y * outWidth, outWidth);
                for (int x = 0; x < outWidth; x++) o[x] = source[x / hf];
            }
        }
        return output;
    }

    private static void FancyH2V1(ReadOnlySpan<ushort> input, Span<ushort> output)
    {
        int n = input.Length;
        output[0] = input[0];
        output[1] = (ushort)((input[0] * 3 + input[1] + 2) >> 2);
        for (int i = 1; i < n - 1; i++)
        {
            int value = input[i] * 3;
            output[2 * i] = (ushort)((value + input[i - 1] + 1) >> 2);
            output[2 * i + 1] = (ushort)((value + input[i + 1] + 2) >> 2);
        }
        output[2 * n - 2] = (ushort)((input[n - 1] * 3 + input[n - 2] + 1) >> 2);
        output[2 * n - 1] = input[n - 1];
    }

    private static void FancyH2V2(ReadOnlySpan<ushort> near, ReadOnlySpan<ushort> far, Span<ushort> output)
    {
        int n = near.Length;
        int thisSum = near[0] * 3 + far[0], nextSum = near[1] * 3 + far[1], lastSum;
        output[0] = (ushort)((thisSum * 4 + 8) >> 4);
        output[1] = (ushort)((thisSum * 3 + nextSum + 7) >> 4);
        lastSum = thisSum;
        thisSum = nextSum;
        for (int i = 1; i < n - 1; i++)
        {
            nextSum = near[i + 1] * 3 + far[i + 1];
            output[2 * i] = (ushort)((thisSum * 3 + lastSum + 8) >> 4);
            output[2 * i + 1] = (ushort)((thisSum * 3 + nextSum + 7) >> 4);
            lastSum = thisSum;
            thisSum = nextSum;
        }
        output[2 * n - 2] = (ushort)((thisSum * 3 + lastSum + 8) >> 4);
        output[2 * n - 1] = (ushort)((thisSum * 4 + 7) >> 4);
    }

    /// <summary>Converts three full-size planes from YCbCr to RGB in place, with libjpeg's fixed-point tables.</summary>
    public static void YCbCrToRgb(ushort[][] planes, int precision)
    {
        const int scaleBits = 16, oneHalf = 1 << (scaleBits - 1);
        static int Fix(double x) => (int)(x * (1L << scaleBits) + 0.5);
        int max = (1 << precision) - 1, center = 1 << (precision - 1);
        var crR = new int[max + 1];
        var cbB = new int[max + 1];
        var crG = new int[max + 1];
        var cbG = new int[max + 1];
        for (int i = 0, x = -center; i <= max; i++, x++)
        {
            crR[i] = (Fix(1.40200) * x + oneHalf) >> scaleBits;
            cbB[i] = (Fix(1.77200) * x + oneHalf) >> scaleBits;
            crG[i] = -Fix(0.71414) * x;
            cbG[i] = -Fix(0.34414) * x + oneHalf;
        }
        ushort[] y = planes[0], cb = planes[1], cr = planes[2];
        for (int i = 0; i < y.Length; i++)
        {
            int l = y[i], b = Math.Min(cb[i], (ushort)max), r = Math.Min(cr[i], (ushort)max);
            y[i] = (ushort)Math.Clamp(l + crR[r], 0, max);
            cb[i] = (ushort)Math.Clamp(l + ((cbG[b] + crG[r]) >> scaleBits), 0, max);
            cr[i] = (ushort)Math.Clamp(l + cbB[b], 0, max);
        }
    }
}

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// libjpeg's accurate integer inverse DCT ("islow", jidctint.c of IJG 6b, the default of dcmtk, GDCM and
/// libjpeg-turbo) for 8- and 12-bit samples, with its range limiting, so that decoded samples are libjpeg's to the
/// bit. 64-bit intermediates, as with libjpeg's INT32 (a long) on 64-bit Linux.
/// </summary>
internal sealed class IslowIdct
{
    private const int ConstBits = 13;
    private const long Fix0298631336 = 2446, Fix0390180644 = 3196, Fix0541196100 = 4433, Fix0765366865 = 6270,
        Fix0899976223 = 7373, Fix1175875602 = 9633, Fix1501321110 = 12299, Fix1847759065 = 15137,
        Fix1961570560 = 16069, Fix2053119869 = 16819, Fix2562915447 = 20995, Fix3072711026 = 25172;

    private readonly int _pass1Bits;
    private readonly int _rangeMask;
    private readonly ushort[] _rangeLimit;

    /// <summary>The transform for samples of <paramref name="precision"/> bits (8 or 12).</summary>
    public IslowIdct(int precision)
    {
        _pass1Bits = precision == 8 ? 2 : 1;
        int max = (1 << precision) - 1, center = 1 << (precision - 1);
        _rangeMask = max * 4 + 3;
        // jdmaster.c prepare_range_limit_table, seen from the IDCT's offset (+CENTERJSAMPLE) and masked by RANGE_MASK
        _rangeLimit = new ushort[_rangeMask + 1];
        for (int m = 0; m <= _rangeMask; m++)
            _rangeLimit[m] = (ushort)(m < center ? m + center : m < 2 * (max + 1) ? max : m < 4 * (max + 1) - center ? 0 : m - (4 * (max + 1) - center));
    }

    private static long Descale(long x, int n) => (x + (1L << (n - 1))) >> n;

    /// <summary>
    /// Transforms one block of quantized coefficients (natural order) with its quantization table, writing 8x8
    /// samples at <paramref name="output"/>[offset + row * stride + column].
    /// </summary>
    public void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<ushort> output, int offset, int stride)
    {
        Span<int> ws = stackalloc int[64];
        int p1 = _pass1Bits;
        for (int c = 0; c < 8; c++)
        {
            if (coefficients[8 + c] == 0 && coefficients[16 + c] == 0 && coefficients[24 + c] == 0 && coefficients[32 + c] == 0
                && coefficients[40 + c] == 0 && coefficients[48 + c] == 0 && coefficients[56 + c] == 0)
            {
                int dc = coefficients[c] * quant[c] << p1;
                for (int r = 0; r < 8; r++) ws[8 * r + c] = dc;
                continue;
            }
            long z2 = coefficients[16 + c] * (long)quant[16 + c], z3 = coefficients[48 + c] * (long)quant[48 + c];
            long z1 = (z2 + z3) * Fix0541196100;
            long tmp2 = z1 + z3 * -Fix1847759065, tmp3 = z1 + z2 * Fix0765366865;
            z2 = coefficients[c] * (long)quant[c];
            z3 = coefficients[32 + c] * (long)quant[32 + c];
            long tmp0 = (z2 + z3) << ConstBits, tmp1 = (z2 - z3) << ConstBits;
            long tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
            tmp0 = coefficients[56 + c] * (long)quant[56 + c];
            tmp1 = coefficients[40 + c] * (long)quant[40 + c];
            tmp2 = coefficients[24 + c] * (long)quant[24 + c];
            tmp3 = coefficients[8 + c] * (long)quant[8 + c];
            Odd(ref tmp0, ref tmp1, ref tmp2, ref tmp3);
            int n = ConstBits - p1;
            ws[c] = (int)Descale(tmp10 + tmp3, n);
            ws[56 + c] = (int)Descale(tmp10 - tmp3, n);
            ws[8 + c] = (int)Descale(tmp11 + tmp2, n);
            ws[48 + c] = (int)Descale(tmp11 - tmp2, n);
            ws[16 + c] = (int)Descale(tmp12 + tmp1, n);
            ws[40 + c] = (int)Descale(tmp12 - tmp1, n);
            ws[24 + c] = (int)Descale(tmp13 + tmp0, n);
            ws[32 + c] = (int)Descale(tmp13 - tmp0, n);
        }
        int shift = ConstBits + p1 + 3, mask = _rangeMask;
        var limit = _rangeLimit;
        for (int r = 0; r < 8; r++)
        {
            var row = ws.Slice(8 * r, 8);
            var o = output.Slice(offset + r * stride, 8);
            long z2 = row[2], z3 = row[6];
            long z1 = (z2 + z3) * Fix0541196100;
            long tmp2 = z1 + z3 * -Fix1847759065, tmp3 = z1 + z2 * Fix0765366865;
            long tmp0 = ((long)row[0] + row[4]) << ConstBits, tmp1 = ((long)row[0] - row[4]) << ConstBits;
            long tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
            tmp0 = row[7];
            tmp1 = row[5];
            tmp2 = row[3];
            tmp3 = row[1];
            Odd(ref tmp0, ref tmp1, ref tmp2, ref tmp3);
            o[0] = limit[(int)Descale(tmp10 + tmp3, shift) & mask];
            o[7] = limit[(int)Descale(tmp10 - tmp3, shift) & mask];
            o[1] = limit[(int)Descale(tmp11 + tmp2, shift) & mask];
            o[6] = limit[(int)Descale(tmp11 - tmp2, shift) & mask];
            o[2] = limit[(int)Descale(tmp12 + tmp1, shift) & mask];
            o[5] = limit[(int)Descale(tmp12 - tmp1, shift) & mask];
            o[3] = limit[(int)Descale(tmp13 + tmp0, shift) & mask];
            o[4] = limit[(int)Descale(tmp13 - tmp0, shift) & mask];
        }
    }

    /// <summary>The odd part of both passes: inputs rows/columns 7, 5, 3, 1; outputs the four odd terms in place.</summary>
    private static void Odd(ref long tmp0, ref long tmp1, ref long tmp2, ref long tmp3)
    {
        long z1 = tmp0 + tmp3, z2 = tmp1 + tmp2, z3 = tmp0 + tmp2, z4 = tmp1 + tmp3;
        long z5 = (z3 + z4) * Fix1175875602;
        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 *= -Fix1961570560;
        z4 *= -Fix0390180644;
        z3 += z5;
        z4 += z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
    }
}

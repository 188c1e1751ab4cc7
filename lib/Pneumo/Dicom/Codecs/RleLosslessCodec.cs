using System.Buffers.Binary;

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// RLE Lossless (PS3.5 annex G): a 64-byte header with up to 15 segment offsets, one PackBits segment per byte plane,
/// most significant byte first, colour planes R, G, B. Output is little endian and interleaved.
/// </summary>
internal static class RleLosslessCodec
{
    public static void Decode(ReadOnlySpan<byte> frame, PixelDescription d, Span<byte> target, int frameIndex)
    {
        int bps = d.BytesPerSample, spp = d.SamplesPerPixel;
        int expectedSegments = bps * spp;
        if (frame.Length < 64) throw new DicomException($"RLE frame {frameIndex} is {frame.Length} bytes, shorter than its 64-byte header", tag: DicomTags.PixelData);
        uint segments = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (segments != expectedSegments)
            throw new DicomException($"RLE frame {frameIndex} has {segments} segments; {spp} samples x {bps} bytes need {expectedSegments}", tag: DicomTags.PixelData);
        int pixels = d.Rows * d.Columns;
        var plane = new byte[pixels];
        for (int k = 0; k < segments; k++)
        {
            uint start = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + 4 * k)..]);
            uint end = k + 1 < segments ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(8 + 4 * k)..]) : (uint)frame.Length;
            if (start < 64 || start > end || end > frame.Length)
                throw new DicomException($"RLE frame {frameIndex} segment {k} spans bytes {start}..{end} outside the frame ({frame.Length} bytes)", tag: DicomTags.PixelData);
            int produced = PackBits(frame[(int)start..(int)end], plane);
            if (produced < pixels)
                throw new DicomException($"RLE frame {frameIndex} segment {k} decodes to {produced} bytes; the image needs {pixels}", tag: DicomTags.PixelData);
            int sample = k / bps, byteInSample = bps - 1 - k % bps; // segment 0 of a sample is its most significant byte
            for (int p = 0; p < pixels; p++) target[(p * spp + sample) * bps + byteInSample] = plane[p];
        }
    }

    /// <summary>Decodes a PackBits segment into <paramref name="output"/>; returns the bytes produced (at most its length).</summary>
    internal static int PackBits(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int i = 0, o = 0;
        while (i < input.Length && o < output.Length)
        {
            int n = (sbyte)input[i++];
            if (n >= 0)
            {
                int count = Math.Min(n + 1, Math.Min(input.Length - i, output.Length - o));
                input.Slice(i, count).CopyTo(output[o..]);
                i += n + 1;
                o += count;
            }
            else if (n != -128)
            {
                if (i >= input.Length) break;
                int count = Math.Min(1 - n, output.Length - o);
                output.Slice(o, count).Fill(input[i++]);
                o += count;
            }
        }
        return o;
    }
}

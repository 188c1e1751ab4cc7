using System.Buffers.Binary;

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// Uncompressed pixel data (PS3.5 8.1.1): copied, byte-swapped from big endian, planar colour interleaved; 1-bit data
/// unpacked to one byte (0 or 1) per pixel.
/// </summary>
internal static class NativePixelDecoder
{
    public static byte[] Decode(DicomElement element, PixelDescription d)
    {
        var raw = element.RawValue.Span;
        if (raw.Length < d.StoredBytes)
            throw new DicomException($"pixel data holds {raw.Length} bytes but {d.Rows}x{d.Columns}x{d.SamplesPerPixel} samples x {d.BitsAllocated} bits x {d.Frames} frames need {d.StoredBytes}",
                offset: element.Offset, tag: element.Tag);
        if (d.BitsAllocated == 1) return UnpackBits(raw[..(int)d.StoredBytes], d, swapWords: element.IsBigEndian && element.VR == DicomVR.OW);
        var output = raw[..(int)d.TotalBytes].ToArray();
        if (element.IsBigEndian)
        {
            // OW is a stream of 16-bit words: in big endian their bytes are swapped, also when samples are 8 bits.
            int word = element.VR == DicomVR.OW && d.BitsAllocated == 8 ? 2 : d.BytesPerSample;
            if (word == 2) for (int i = 0; i + 1 < output.Length; i += 2) (output[i], output[i + 1]) = (output[i + 1], output[i]);
            else if (word == 4) for (int i = 0; i + 3 < output.Length; i += 4) BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(i), BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(i)));
        }
        if (d.SamplesPerPixel == 3 && d.PlanarConfiguration == 1) output = Interleave(output, d);
        return output;
    }

    /// <summary>
    /// 1-bit pixels, eight to a byte, the first pixel in the least significant bit, frames back to back without padding
    /// (PS3.5 8.1.1 and 8.2): one byte per pixel. In big endian an OW value's 16-bit words are swapped first.
    /// </summary>
    internal static byte[] UnpackBits(ReadOnlySpan<byte> packed, PixelDescription d, bool swapWords = false)
    {
        var source = packed;
        if (swapWords)
        {
            var copy = packed.ToArray();
            for (int i = 0; i + 1 < copy.Length; i += 2) (copy[i], copy[i + 1]) = (copy[i + 1], copy[i]);
            source = copy;
        }
        var output = new byte[d.TotalBytes];
        for (int i = 0; i < output.Length; i++) output[i] = (byte)((source[i >> 3] >> (i & 7)) & 1);
        return output;
    }

    private static byte[] Interleave(byte[] planar, PixelDescription d)
    {
        var result = new byte[planar.Length];
        int pixels = d.Rows * d.Columns, bps = d.BytesPerSample;
        for (int f = 0; f < d.Frames; f++)
        {
            int frameStart = (int)(f * d.FrameBytes);
            for (int s = 0; s < 3; s++)
                for (int p = 0; p < pixels; p++)
                    for (int b = 0; b < bps; b++)
                        result[frameStart + (p * 3 + s) * bps + b] = planar[frameStart + (s * pixels + p) * bps + b];
        }
        return result;
    }
}

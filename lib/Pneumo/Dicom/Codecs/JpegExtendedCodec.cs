using System.Buffers.Binary;
using JpegLibrary;

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// DCT-based JPEG at 12 bits (extended process 4, progressive process 12), grayscale, through JpegLibrary. Not
/// bit-exact with libjpeg: JpegLibrary's inverse DCT is floating point where libjpeg's default (dcmtk's, GDCM's) is
/// the integer "islow" one, so a few samples come out one step off (the tests bound the difference).
/// </summary>
internal static class JpegExtendedCodec
{
    public static void Decode(ReadOnlyMemory<byte> frame, JpegStreamInfo info, PixelDescription d, Span<byte> target, int frameIndex)
    {
        if (info.Components.Count != 1 || d.SamplesPerPixel != 1)
            throw new DicomException($"JPEG frame {frameIndex}: {info.Precision}-bit DCT with {info.Components.Count} components; only grayscale is decoded at 12 bits", tag: DicomTags.SamplesPerPixel);
        if (d.BitsAllocated != 16)
            throw new DicomException($"JPEG frame {frameIndex}: {info.Precision}-bit samples need BitsAllocated 16, not {d.BitsAllocated}", tag: DicomTags.BitsAllocated);
        var decoder = new JpegDecoder();
        decoder.SetInput(frame);
        decoder.Identify();
        var plane = new short[info.Width * info.Height];
        decoder.SetOutputWriter(new JpegPlaneWriter(info.Width, info.Height, [plane]));
        decoder.Decode();
        int max = (1 << info.Precision) - 1;
        for (int i = 0; i < plane.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(target[(2 * i)..], (ushort)Math.Clamp((int)plane[i], 0, max));
    }
}

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// DCT-based JPEG at 12 bits (extended process 4, progressive process 12), grayscale or three components, through
/// <see cref="JpegDctDecoder"/>: libjpeg's integer inverse DCT and output stage, so the samples are dcmtk's and GDCM's
/// to the bit. DICOM's Photometric Interpretation decides the colour transform, as in <see cref="JpegBaselineCodec"/>.
/// </summary>
internal static class JpegExtendedCodec
{
    public static void Decode(ReadOnlyMemory<byte> frame, JpegStreamInfo info, PixelDescription d, Span<byte> target, int frameIndex)
    {
        if (info.Components.Count != d.SamplesPerPixel)
            throw new DicomException($"JPEG frame {frameIndex} has {info.Components.Count} components but SamplesPerPixel is {d.SamplesPerPixel}", tag: DicomTags.SamplesPerPixel);
        if (d.BitsAllocated != 16)
            throw new DicomException($"JPEG frame {frameIndex}: {info.Precision}-bit samples need BitsAllocated 16, not {d.BitsAllocated}", tag: DicomTags.BitsAllocated);
        JpegDctDecoder.Decode(frame.Span, frameIndex, d.PhotometricInterpretation.StartsWith("YBR", StringComparison.Ordinal), target);
    }
}

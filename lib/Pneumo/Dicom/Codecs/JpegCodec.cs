namespace Pneumo.Dicom.Codecs;

/// <summary>
/// DICOM's JPEG syntaxes (.50 baseline, .51 extended, .55 progressive, .57 and .70 lossless), routed by the frame
/// header rather than the syntax alone: 8-bit DCT (baseline, extended, progressive) through libjpeg-turbo
/// (<see cref="JpegBaselineCodec"/>), lossless through <see cref="JpegLosslessCodec"/> (JpegLibrary), 12-bit DCT through
/// <see cref="JpegExtendedCodec"/> (our <see cref="JpegDctDecoder"/>).
/// </summary>
internal static class JpegCodec
{
    public static void Decode(ReadOnlyMemory<byte> frame, PixelDescription d, Span<byte> target, int frameIndex)
    {
        try
        {
            Route(frame, d, target, frameIndex);
        }
        catch (Exception ex) when (ex is not DicomException and not OutOfMemoryException)
        {
            // JpegLibrary reports corrupt streams with InvalidDataException, InvalidOperationException and, on some
            // truncations, index errors: all of them mean this frame cannot be decoded
            throw new DicomException($"JPEG frame {frameIndex} is corrupt: {ex.Message}", tag: DicomTags.PixelData);
        }
    }

    private static void Route(ReadOnlyMemory<byte> frame, PixelDescription d, Span<byte> target, int frameIndex)
    {
        var info = JpegStreamInfo.Parse(frame.Span, frameIndex);
        if (info.FrameMarker < 0) throw new DicomException($"JPEG frame {frameIndex} has no frame header (SOFn)", tag: DicomTags.PixelData);
        if (info.Width != d.Columns || info.Height != d.Rows)
            throw new DicomException($"JPEG frame {frameIndex} is {info.Width}x{info.Height} but the header says {d.Columns}x{d.Rows}", tag: DicomTags.PixelData);
        if (info.IsLossless) JpegLosslessCodec.Decode(frame, d, target, frameIndex);
        else if (info.FrameMarker is 0xC5 or 0xC6 or 0xCD or 0xCE)
            throw new DicomException($"JPEG frame {frameIndex} is hierarchical (SOF 0x{info.FrameMarker:X2}); not decoded", tag: DicomTags.PixelData);
        else if (info.Precision == 8) JpegBaselineCodec.Decode(frame, info, d, target, frameIndex);
        else if (info.Precision == 12 && !info.IsArithmetic) JpegExtendedCodec.Decode(frame, info, d, target, frameIndex);
        else throw new DicomException($"JPEG frame {frameIndex}: {info.Precision}-bit DCT (SOF 0x{info.FrameMarker:X2}) is not decoded", tag: DicomTags.PixelData);
    }
}

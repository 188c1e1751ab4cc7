using SkiaSharp;

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// 8-bit DCT JPEG (baseline, extended, progressive) through libjpeg-turbo — the system's TurboJPEG library where
/// installed (<see cref="TurboJpeg"/>), else SkiaSharp's bundled copy: grayscale frames decode straight
/// to 8-bit (bit-exact with other libjpeg-based readers), colour frames to interleaved RGB. DICOM's Photometric
/// Interpretation decides the colour transform, as dcmtk does: YBR_FULL and YBR_FULL_422 are converted from YCbCr by
/// libjpeg, RGB is taken as it is stored; where libjpeg would guess otherwise from the stream's markers, the stream is
/// given an Adobe marker that says so (<see cref="JpegStreamInfo.WithAdobeTransform"/>).
/// </summary>
public static class JpegBaselineCodec
{
    /// <summary>
    /// Decode through the system's libjpeg-turbo (<see cref="TurboJpeg"/>, with its SIMD code) when it is installed;
    /// SkiaSharp's otherwise. Both give the same values (tested); the tests switch it to compare them.
    /// </summary>
    internal static bool UseSystemLibrary { get; set; } = TurboJpeg.IsAvailable;

    internal static unsafe void Decode(ReadOnlyMemory<byte> frame, JpegStreamInfo info, PixelDescription d, Span<byte> target, int frameIndex)
    {
        if (d.BitsAllocated != 8)
            throw new DicomException($"8-bit JPEG frame with BitsAllocated {d.BitsAllocated}", tag: DicomTags.BitsAllocated);
        if (info.Components.Count != d.SamplesPerPixel)
            throw new DicomException($"JPEG frame {frameIndex} has {info.Components.Count} components but SamplesPerPixel is {d.SamplesPerPixel}", tag: DicomTags.SamplesPerPixel);
        bool wantYCbCr = d.PhotometricInterpretation.StartsWith("YBR", StringComparison.Ordinal);
        if (d.SamplesPerPixel == 3 && HalvedVerticallyOnly(info))
        {
            // libjpeg-turbo 2.x upsamples 4:4:0 chroma with a triangle filter; libjpeg 6b, which dcmtk and GDCM build on,
            // replicates it: our DCT decoder does what 6b does
            JpegDctDecoder.Decode(frame.Span, frameIndex, wantYCbCr, target);
            return;
        }
        ReadOnlyMemory<byte> stream = d.SamplesPerPixel == 3 && info.LibjpegAssumesYCbCr != wantYCbCr ? JpegStreamInfo.WithAdobeTransform(frame.Span, wantYCbCr) : frame;
        if (UseSystemLibrary)
        {
            TurboJpeg.Decode(stream.Span, target, d.Columns, d.Rows, d.SamplesPerPixel == 3, frameIndex);
            return;
        }
        using var data = SKData.CreateCopy(stream.Span);
        using var codec = SKCodec.Create(data)
            ?? throw new DicomException($"JPEG frame {frameIndex} is not a decodable JPEG stream", tag: DicomTags.PixelData);
        if (codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
            throw new DicomException($"frame {frameIndex} holds {codec.EncodedFormat} data, not JPEG", tag: DicomTags.PixelData);
        var image = codec.Info;
        if (image.Width != d.Columns || image.Height != d.Rows)
            throw new DicomException($"JPEG frame {frameIndex} is {image.Width}x{image.Height} but the header says {d.Columns}x{d.Rows}", tag: DicomTags.PixelData);

        SKCodecResult result;
        if (d.SamplesPerPixel == 1)
        {
            var gray = new SKImageInfo(d.Columns, d.Rows, SKColorType.Gray8, SKAlphaType.Opaque);
            fixed (byte* p = target) result = codec.GetPixels(gray, (IntPtr)p);
        }
        else
        {
            var rgba = new byte[d.Rows * d.Columns * 4];
            var info32 = new SKImageInfo(d.Columns, d.Rows, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            fixed (byte* p = rgba) result = codec.GetPixels(info32, (IntPtr)p);
            for (int i = 0, j = 0; i < rgba.Length; i += 4, j += 3)
            {
                target[j] = rgba[i];
                target[j + 1] = rgba[i + 1];
                target[j + 2] = rgba[i + 2];
            }
        }
        if (result != SKCodecResult.Success)
            throw new DicomException($"JPEG frame {frameIndex} failed to decode: {result}", tag: DicomTags.PixelData);
    }

    /// <summary>A component sampled at half the vertical rate of the frame's maximum and at its full horizontal rate (h1v2).</summary>
    private static bool HalvedVerticallyOnly(JpegStreamInfo info)
    {
        int hMax = info.Components.Max(c => c.Horizontal), vMax = info.Components.Max(c => c.Vertical);
        return info.Components.Any(c => c.Horizontal == hMax && c.Vertical * 2 == vMax);
    }

    /// <summary>Encodes an 8-bit grayscale image as a baseline JPEG stream (one component, 4:0:0).</summary>
    /// <param name="gray">Row-major pixels, <paramref name="width"/> x <paramref name="height"/>.</param>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows.</param>
    /// <param name="quality">JPEG quality 1-100.</param>
    public static unsafe byte[] EncodeGray(ReadOnlySpan<byte> gray, int width, int height, int quality = 90)
    {
        if (gray.Length != width * height) throw new ArgumentException($"expected {width * height} pixels, got {gray.Length}", nameof(gray));
        var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        fixed (byte* p = gray)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)p, width);
            using var encoded = pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore))
                ?? throw new InvalidOperationException("SkiaSharp could not encode the image as JPEG");
            return encoded.ToArray();
        }
    }
}

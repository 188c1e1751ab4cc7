using SkiaSharp;
using Pneumo.IO;

namespace Pneumo.Imaging;

/// <summary>PNG encoding of 8-bit grayscale and RGB images (thumbnails, overlays, the <c>dicom png</c> command).</summary>
public static class PngImage
{
    /// <summary>Encodes row-major pixels with <paramref name="channels"/> = 1 (gray) or 3 (RGB) as PNG bytes.</summary>
    public static unsafe byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels = 1)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), "1 (gray) or 3 (RGB)");
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"expected {width * height * channels} bytes for {width}x{height}x{channels}, got {pixels.Length}", nameof(pixels));
        byte[] buffer;
        SKImageInfo info;
        if (channels == 1)
        {
            buffer = pixels.ToArray();
            info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        }
        else
        {
            buffer = new byte[width * height * 4];
            for (int i = 0, j = 0; j < pixels.Length; i += 4, j += 3)
            {
                buffer[i] = pixels[j];
                buffer[i + 1] = pixels[j + 1];
                buffer[i + 2] = pixels[j + 2];
                buffer[i + 3] = 255;
            }
            info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        }
        fixed (byte* p = buffer)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)p, info.RowBytes);
            using var data = pixmap.Encode(SKPngEncoderOptions.Default) ?? throw new InvalidOperationException("PNG encoding failed");
            return data.ToArray();
        }
    }

    /// <summary>Writes a PNG file (through a temporary file, so a crash leaves no half-written image).</summary>
    public static void Save(string path, ReadOnlySpan<byte> pixels, int width, int height, int channels = 1)
    {
        AtomicFile.WriteAllBytes(path, Encode(pixels, width, height, channels));
    }
}

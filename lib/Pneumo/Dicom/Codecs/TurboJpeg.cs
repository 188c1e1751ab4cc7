using System.Runtime.InteropServices;

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// The system's libjpeg-turbo through its TurboJPEG API (Debian's libturbojpeg0, libjpeg-turbo's turbojpeg.dll on
/// Windows), with its SIMD code: the fastest 8-bit DCT decoder here, bit-exact with every libjpeg (integer inverse DCT,
/// fancy upsampling). SkiaSharp's bundled libjpeg-turbo is the fallback where the library is not installed.
/// Errors come back as return codes (no longjmp across managed frames); warnings such as a truncated stream are
/// made errors (TJFLAG_STOPONWARNING).
/// </summary>
internal static unsafe class TurboJpeg
{
    private const int PixelFormatRgb = 0, PixelFormatGray = 6, FlagStopOnWarning = 0x2000;

    private static readonly delegate* unmanaged<nint> InitDecompress;
    private static readonly delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int> Decompress2;
    private static readonly delegate* unmanaged<nint, byte*> ErrorString;
    private static readonly IntPtr Library;

    [ThreadStatic] private static nint _handle;

    static TurboJpeg()
    {
        if (Environment.GetEnvironmentVariable("PNEUMO_JPEG") == "skia") return; // to measure or test the fallback
        string[] names = OperatingSystem.IsWindows() ? ["turbojpeg.dll"] : OperatingSystem.IsMacOS() ? ["libturbojpeg.0.dylib", "libturbojpeg.dylib"] : ["libturbojpeg.so.0", "libturbojpeg.so"];
        foreach (var name in names)
            if (NativeLibrary.TryLoad(name, out Library)) break;
        if (Library == IntPtr.Zero) return;
        if (!NativeLibrary.TryGetExport(Library, "tjInitDecompress", out var init) || !NativeLibrary.TryGetExport(Library, "tjDecompress2", out var decompress)
            || !NativeLibrary.TryGetExport(Library, "tjGetErrorStr2", out var error))
        {
            Library = IntPtr.Zero;
            return;
        }
        InitDecompress = (delegate* unmanaged<nint>)init;
        Decompress2 = (delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int>)decompress;
        ErrorString = (delegate* unmanaged<nint, byte*>)error;
    }

    /// <summary>The library was found and has the functions used.</summary>
    public static bool IsAvailable => Library != IntPtr.Zero;

    /// <summary>Decodes <paramref name="jpeg"/> into <paramref name="target"/> as gray (1 byte per pixel) or RGB (3), <paramref name="width"/> x <paramref name="height"/>.</summary>
    /// <exception cref="DicomException">The stream does not decode (the library's message).</exception>
    public static void Decode(ReadOnlySpan<byte> jpeg, Span<byte> target, int width, int height, bool rgb, int frameIndex)
    {
        if (!IsAvailable) throw new InvalidOperationException("libturbojpeg is not loaded");
        int channels = rgb ? 3 : 1;
        if (target.Length < (long)width * height * channels) throw new ArgumentException("target too small", nameof(target));
        if (_handle == 0) _handle = InitDecompress();
        if (_handle == 0) throw new DicomException("libturbojpeg could not create a decompressor", tag: DicomTags.PixelData);
        fixed (byte* source = jpeg)
        fixed (byte* destination = target)
        {
            int result = Decompress2(_handle, source, new CULong((uint)jpeg.Length), destination, width, width * channels, height, rgb ? PixelFormatRgb : PixelFormatGray, FlagStopOnWarning);
            if (result != 0)
                throw new DicomException($"JPEG frame {frameIndex} failed to decode: {Marshal.PtrToStringUTF8((IntPtr)ErrorString(_handle))}", tag: DicomTags.PixelData);
        }
    }
}

using Pneumo.Dicom;

namespace Pneumo.Benchmarks;

/// <summary>
/// Header-only reads and full decodes of one 1024x1024 JPEG Baseline file, single thread: Pneumo's reader against
/// pydicom 2.3.1 with Pillow (Debian's python3).
/// </summary>
internal static class DicomBenchmark
{
    public static IReadOnlyList<SideBySide.Result> Run(string file, double seconds, int rounds)
    {
        var peer = Path.Combine(AppContext.BaseDirectory, "peers", "pydicom_bench.py");
        var secs = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var header = SideBySide.Measure("header-only read", "files/s", rounds,
            () => SideBySide.Rate(() => DicomFile.OpenHeader(file).Dataset.GetString(DicomTags.PatientAge), seconds),
            () => SideBySide.PeerRate("/usr/bin/python3", peer, "header", file, secs));
        var decode = SideBySide.Measure("full decode", "images/s", rounds,
            () => SideBySide.Rate(() => PixelData.Decode(DicomFile.Open(file)), seconds),
            () => SideBySide.PeerRate("/usr/bin/python3", peer, "decode", file, secs));
        // the same stream through the bare codec: libjpeg-turbo's TurboJPEG on the extracted JPEG, into a reused buffer
        var frame = DicomFile.Open(file).Dataset[DicomTags.PixelData]!.Fragments!.Fragments[0].ToArray();
        var d = PixelDescription.FromDataset(DicomFile.Open(file).Dataset);
        var buffer = new byte[d.FrameBytes];
        var bare = SideBySide.Measure("full decode against the bare codec on the same stream, each into a new array", "images/s", rounds,
            () => SideBySide.Rate(() => PixelData.Decode(DicomFile.Open(file)), seconds),
            () => SideBySide.Rate(() => Pneumo.Dicom.Codecs.TurboJpeg.Decode(frame, new byte[d.FrameBytes], d.Columns, d.Rows, false, 0), seconds));
        var reused = new byte[d.FrameBytes];
        var bareReused = SideBySide.Measure("full decode against the bare codec, each into a reused array (as preprocessing decodes)", "images/s", rounds,
            () => SideBySide.Rate(() => PixelData.Decode(DicomFile.Open(file), reused), seconds),
            () => SideBySide.Rate(() => Pneumo.Dicom.Codecs.TurboJpeg.Decode(frame, buffer, d.Columns, d.Rows, false, 0), seconds));
        // the fallback where the TurboJPEG library is not installed: SkiaSharp's bundled libjpeg-turbo, same values
        bool system = Pneumo.Dicom.Codecs.JpegBaselineCodec.UseSystemLibrary;
        var fallback = SideBySide.Measure("full decode, the system's TurboJPEG against SkiaSharp's copy (the fallback)", "images/s", rounds,
            () => SideBySide.Rate(() => PixelData.Decode(DicomFile.Open(file)), seconds),
            () =>
            {
                Pneumo.Dicom.Codecs.JpegBaselineCodec.UseSystemLibrary = false;
                try { return SideBySide.Rate(() => PixelData.Decode(DicomFile.Open(file)), seconds); }
                finally { Pneumo.Dicom.Codecs.JpegBaselineCodec.UseSystemLibrary = system; }
            });
        return [header, decode, bare, bareReused, fallback];
    }

    /// <summary>Full decodes of one 12-bit JPEG file, single thread: our DCT decoder against pydicom with GDCM (its 12-bit JPEG handler).</summary>
    public static SideBySide.Result RunTwelveBit(string file, double seconds, int rounds)
    {
        var peer = Path.Combine(AppContext.BaseDirectory, "peers", "pydicom_bench.py");
        var secs = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SideBySide.Measure("full decode, 12-bit JPEG", "images/s", rounds,
            () => SideBySide.Rate(() => PixelData.Decode(DicomFile.Open(file)), seconds),
            () => SideBySide.PeerRate("/usr/bin/python3", peer, "decode-gdcm", file, secs));
    }
}

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
        return [header, decode];
    }
}

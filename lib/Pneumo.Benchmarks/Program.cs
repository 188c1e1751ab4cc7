using System.Globalization;
using Pneumo.Benchmarks;

// Usage: dotnet run -c Release --project lib/Pneumo.Benchmarks -- dicom [FILE] [--seconds S] [--rounds N] [--report FILE]
var positional = new List<string>();
double seconds = 2;
int rounds = 5;
string? report = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--report": report = args[++i]; break;
        default: positional.Add(args[i]); break;
    }
}
string root = FindRoot();
report ??= Path.Combine(root, "results", "benchmarks.md");
switch (positional.FirstOrDefault())
{
    case "dicom":
    {
        var file = positional.Count > 1 ? positional[1] : Path.Combine(root, "lib", "Pneumo.Tests", "TestData", "dicom", "generated__siim_like_cr_jpeg50.dcm");
        var results = DicomBenchmark.Run(file, seconds, rounds);
        foreach (var r in results) Console.WriteLine($"{r.Name}: Pneumo {r.Ours:F1} {r.Unit}, pydicom {r.Peer:F1} {r.Unit}, ratio {r.Ratio:F2}");
        Report.WriteSection(report, "DICOM reading (single thread)",
            $"dotnet run -c Release --project lib/Pneumo.Benchmarks -- dicom --seconds {seconds} --rounds {rounds}",
            $"File: `{Path.GetRelativePath(root, file)}` (1024x1024, 8-bit MONOCHROME2, JPEG Baseline, {new FileInfo(file).Length} bytes). " +
            "Peer: pydicom 2.3.1 + Pillow (libjpeg-turbo) from Debian, `/usr/bin/python3`, Pillow handler selected explicitly. " +
            "Header-only: `DicomFile.OpenHeader` vs `dcmread(stop_before_pixels=True)`, reading PatientAge. " +
            "Full decode: `DicomFile.Open` + `PixelData.Decode` vs `dcmread` + `pixel_array`. Targets: header-only >= 2x, full decode >= 1.2x.",
            results, "pydicom");
        Console.WriteLine($"report: {report}");
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: Pneumo.Benchmarks dicom [FILE] [--seconds S] [--rounds N] [--report FILE]");
        return 2;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Pneumo.Notebooks.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

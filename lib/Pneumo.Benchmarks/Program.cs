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
    case "train":
    {
        int steps = (int)seconds, threads = 2;
        var results = TrainingBenchmark.Run(steps, threads, rounds);
        foreach (var r in results) Console.WriteLine($"{r.Name}: TorchSharp {r.Ours:F2} {r.Unit}, PyTorch {r.Peer:F2} {r.Unit}, ratio {r.Ratio:F2}");
        Report.WriteSection(report, "Training throughput (CPU, 2 threads)",
            $"dotnet run -c Release --project lib/Pneumo.Benchmarks -- train --seconds {steps} --rounds {rounds}",
            $"ResNet-18 with a one-channel stem and Pneumo's head (average + max pooling, dropout, linear), AdamW, BCE with logits, " +
            $"batch 16 of 1x256x256, {threads} threads, {steps} timed steps per round after 2 warm-up steps (`--seconds` is the step count here). " +
            "Ours: TorchSharp 0.107 / LibTorch 2.10 (`PneumothoraxClassifier(ModelKind.ResNet18)`). Peer: Debian's PyTorch 1.13.1 + torchvision " +
            "(`/usr/bin/python3`, `lib/Pneumo.Benchmarks/peers/pytorch_train_bench.py`), the same architecture. Target ratio >= 0.95.",
            results, "PyTorch 1.13.1");
        Console.WriteLine($"report: {report}");
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: Pneumo.Benchmarks dicom [FILE] [--seconds S] [--rounds N] [--report FILE]\n       Pneumo.Benchmarks train [--seconds STEPS] [--rounds N]");
        return 2;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Pneumo.Notebooks.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

using System.Globalization;
using Pneumo.Benchmarks;
using Pneumo.Dicom;

// Usage: dotnet run -c Release --project lib/Pneumo.Benchmarks -- dicom [FILE] [--seconds S] [--rounds N] [--report FILE]
//        dotnet run -c Release --project lib/Pneumo.Benchmarks -- pipeline DATASET_ROOT [--rounds N] [--sizes 256,512] [--section TITLE]
var positional = new List<string>();
double seconds = 2;
int rounds = 5;
string? report = null;
string? sizesText = null, section = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--report": report = args[++i]; break;
        case "--sizes": sizesText = args[++i]; break;
        case "--section": section = args[++i]; break;
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
            "Full decode: `DicomFile.Open` + `PixelData.Decode` (libjpeg-turbo through the system's TurboJPEG library) vs `dcmread` + `pixel_array`. " +
            "Lines 3 and 4 set our full decode (file read, parse, decode) against the bare codec on the same stream (TurboJPEG on the JPEG already " +
            "extracted; the peer column there), both into a new array per image, then both into a reused array, as preprocessing decodes " +
            "(filling fresh memory costs about a fifth of the decode). Line 5 sets the full decode against the same through SkiaSharp's " +
            "bundled libjpeg-turbo, the fallback where libturbojpeg is not installed. The peer runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset; " +
            "pixel_array does no BLAS work. Targets: header-only >= 10x, full decode >= 1.5x pydicom and >= 0.85 of the bare codec.",
            results, "peer (pydicom; the bare codec on lines 3–4; SkiaSharp on line 5)");
        Console.WriteLine($"report: {report}");
        return 0;
    }
    case "dicom12":
    {
        var file = positional.Count > 1 ? positional[1] : Path.Combine(root, "lib", "Pneumo.Tests", "TestData", "dicom", "pydicom__JPGExtended.dcm");
        var result = DicomBenchmark.RunTwelveBit(file, seconds, rounds);
        Console.WriteLine($"{result.Name}: Pneumo {result.Ours:F1} {result.Unit}, pydicom + GDCM {result.Peer:F1} {result.Unit}, ratio {result.Ratio:F2}");
        var d = PixelDescription.FromDataset(DicomFile.Open(file).Dataset);
        Report.WriteSection(report, "DICOM reading, 12-bit JPEG (single thread)",
            $"dotnet run -c Release --project lib/Pneumo.Benchmarks -- dicom12 --seconds {seconds} --rounds {rounds}",
            $"File: `{Path.GetRelativePath(root, file)}` ({d.Columns}x{d.Rows}, {d.BitsStored}-bit {d.PhotometricInterpretation}, {DicomFile.Open(file).TransferSyntax.Name}, " +
            $"{new FileInfo(file).Length} bytes). Ours: `DicomFile.Open` + `PixelData.Decode` through our DCT decoder (JpegDctDecoder: libjpeg's integer IDCT, " +
            "dcmtk's values to the bit). Peer: pydicom 2.3.1 with its GDCM handler (python3-gdcm 3.0.21, libjpeg 6b inside; Pillow cannot decode " +
            "12-bit JPEG), `/usr/bin/python3`, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset. No target in issue 15; measured so the decoder's speed is known.",
            [result], "pydicom + GDCM");
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
            "Ours: TorchSharp 0.107 / LibTorch 2.10 (`PneumothoraxClassifier(Architectures.ResNet18)`). Peer: Debian's PyTorch 1.13.1 + torchvision " +
            "(`/usr/bin/python3`, `lib/Pneumo.Benchmarks/peers/pytorch_train_bench.py`), the same architecture. Target ratio >= 0.95.",
            results, "PyTorch 1.13.1");
        Console.WriteLine($"report: {report}");
        return 0;
    }
    case "input":
    {
        var data = positional.Count > 1 ? positional[1] : throw new ArgumentException("input needs the dataset root (train-rle.csv + dicom-images-train/)");
        var sizes = (sizesText ?? "256,512").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var rows = InputBenchmark.Run(data, sizes, [1, Environment.ProcessorCount], seconds);
        var table = InputBenchmark.Markdown(rows);
        Console.WriteLine(table);
        Report.WriteText(report, "The training input on its own (issue 15)",
            $"dotnet run -c Release --project lib/Pneumo.Benchmarks -- input {Path.GetRelativePath(root, data)} --seconds {seconds} --sizes {string.Join(',', sizes)}",
            "Batches of 16 from the memory-mapped refined cache (uint8) to the float tensor on the device (the CPU here: no GPU), augmented " +
            "with the default recipe (random affine, brightness/contrast, ECG-like wires at share 0.5) and normalised, as FoldTrainer runs it, " +
            "one batch after another on the calling thread; TorchSharp's intra-op threads as given. One measurement per cell.", table);
        Console.WriteLine($"report: {report}");
        return 0;
    }
    case "pipeline":
    {
        var data = positional.Count > 1 ? positional[1] : throw new ArgumentException("pipeline needs the dataset root (train-rle.csv + dicom-images-train/)");
        var cli = Path.Combine(root, "lib", "Pneumo.Cli", "bin", "Release", "net10.0", "Pneumo.Cli.dll");
        var sizes = (sizesText ?? "256,512").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var stages = PipelineBenchmark.Run(data, cli, sizes, rounds);
        foreach (var st in stages)
            Console.WriteLine($"{st.Name}: ours {st.Rate.Ours:F1} {st.Rate.Unit}, peer {st.Rate.Peer:F1}, ratio {st.Rate.Ratio:F2}; peak RSS ours {st.OursPeakMb:F0} MB, peer {st.PeerPeakMb:F0} MB");
        var inv = CultureInfo.InvariantCulture;
        var memory = string.Join("; ", stages.Select(st => string.Create(inv, $"{st.Name}: peak resident memory ours {st.OursPeakMb:F0} MB, peer {st.PeerPeakMb:F0} MB (the peer's is its largest single process)")
            + (st.OursBytes > 0 ? string.Create(inv, $", output on disk ours {st.OursBytes / 1048576.0:F0} MiB, peer {st.PeerBytes / 1048576.0:F0} MiB") : "")));
        Report.WriteSection(report, section ?? $"The data stage end to end ({Path.GetFileName(Path.TrimEndingDirectorySeparator(data))})",
            $"dotnet run -c Release --project lib/Pneumo.Benchmarks -- pipeline {Path.GetRelativePath(root, data)} --rounds {rounds} --sizes {string.Join(',', sizes)}",
            "Each stage is two processes timed by /usr/bin/time, ours and the peer's alternating round by round, from empty output folders: " +
            "ours `pneumo metadata`, `pneumo clean --no-verify-pixels`, `pneumo preprocess --size N` (its own clean.csv); the peer " +
            "`lib/Pneumo.Benchmarks/peers/python_pipeline.py` (pydicom 2.3.1 header reads, pandas merge and filters, pydicom + Pillow BOX resize, " +
            "the Kaggle rle2mask for the positives, workers writing into uint8 memmaps; multiprocessing.Pool over the same 2 cores; numpy 1.24.2 " +
            "with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset). Rates count files (scan, cleaning) or cached images (preprocessing); before every round every DICOM is read once, so both sides find the films in the page cache, and before every timed process an untimed `sync` writes back what the last one left dirty (ours flushes its cache to disk as it goes and before it exits, so its time includes writing the cache to disk; the peer's output is still in the page cache when it exits). " + memory + ".",
            stages.Select(st => st.Rate), "Python pipeline");
        Console.WriteLine($"report: {report}");
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: Pneumo.Benchmarks dicom [FILE] [--seconds S] [--rounds N] [--report FILE]\n       Pneumo.Benchmarks train [--seconds STEPS] [--rounds N]\n       Pneumo.Benchmarks pipeline DATASET_ROOT [--rounds N] [--sizes 256,512] [--section TITLE]");
        return 2;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Pneumo.Notebooks.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

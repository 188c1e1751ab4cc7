using System.CommandLine;
using System.Text.Json;
using Pneumo.Data;
using Pneumo.Synthesis;

namespace Pneumo.Cli.Commands;

/// <summary><c>pneumo synth</c>, <c>pneumo labels stats</c>, <c>pneumo metadata</c>, <c>pneumo clean</c>, <c>pneumo preprocess</c>.</summary>
internal static class DataCommands
{
    public static IEnumerable<Command> Create() => [Synth(), Labels(), Metadata(), Clean(), Preprocess()];

    private static Command Synth()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for the dataset (Kaggle layout).", Required = true };
        var count = new Option<int>("--count") { Description = "Labelled images (quirks come on top).", DefaultValueFactory = _ => new Pneumo.Workbook.StudyParameters().SampleCount };
        var size = new Option<int>("--size") { Description = "Rows and columns of each image.", DefaultValueFactory = _ => new Pneumo.Workbook.StudyParameters().SampleSize };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same files.", DefaultValueFactory = _ => new Pneumo.Workbook.StudyParameters().SampleSeed };
        var noQuirks = new Option<bool>("--no-quirks") { Description = "Do not plant the data-quality problems." };
        var version = new Option<int>("--sample-version")
        {
            Description = $"Generator version: {string.Join(" or ", SyntheticDataset.Versions)} (3, the default: real lesion sizes, devices and mimics; 2: the old easy sample).",
            DefaultValueFactory = _ => new Pneumo.Workbook.StudyParameters().SampleVersion,
        };
        var cmd = new Command("synth", "Generate a synthetic sample in the exact SIIM-ACR format (train-rle.csv + dicom-images-train/).")
            { output, count, size, seed, noQuirks, version };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var options = new SyntheticOptions(p.GetValue(count), p.GetValue(size), p.GetValue(seed), PlantQuirks: !p.GetValue(noQuirks), Version: p.GetValue(version));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var record = SyntheticDataset.Generate(p.GetValue(output)!, options, new ConsoleProgress());
            var s = record.ExpectedLabelStatistics;
            Console.WriteLine($"{p.GetValue(output)}: {record.Images.Count} DICOMs + {record.Quirks.Count} planted quirks in {watch.Elapsed.TotalSeconds:F1} s; " +
                              $"labels: {s.Images} images, {s.PositiveImages} positive ({(double)s.PositiveImages / s.Images:P1})");
            return 0;
        }));
        return cmd;
    }

    private static Command Labels()
    {
        var csv = new Argument<string>("CSV") { Description = "train-rle.csv or stage_2_train.csv." };
        var json = new Option<bool>("--json") { Description = "One JSON object." };
        var size = new Option<int>("--size") { Description = "Image size the masks refer to.", DefaultValueFactory = _ => 1024 };
        var stats = new Command("stats", "Count rows, images, positives, multi-row and overlapping images, mask pixels.") { csv, json, size };
        stats.SetAction(p => CliRunner.Run(p, () =>
        {
            var s = LabelStatistics.Compute(LabelFile.Read(p.GetValue(csv)!), p.GetValue(size), p.GetValue(size));
            if (p.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(s, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true }));
            else
            {
                Console.WriteLine($"rows               {s.Rows}");
                Console.WriteLine($"images             {s.Images}");
                Console.WriteLine($"positive images    {s.PositiveImages} ({(double)s.PositiveImages / Math.Max(1, s.Images):P1})");
                Console.WriteLine($"negative images    {s.NegativeImages}");
                Console.WriteLine($"positive rows      {s.PositiveRows}");
                Console.WriteLine($"multi-row images   {s.MultiRowImages}");
                Console.WriteLine($"overlapping images {s.OverlappingImages}");
                Console.WriteLine($"mask pixels        {s.MaskPixels}");
            }
            return 0;
        }));
        var labels = new Command("labels", "Read the label CSV.");
        labels.Subcommands.Add(stats);
        return labels;
    }

    private static Argument<string> RootArgument() => new("ROOT") { Description = "Dataset root in the Kaggle layout (train-rle.csv + dicom-images-train/)." };

    private static Command Metadata()
    {
        var root = RootArgument();
        var output = new Option<string>("--out", "-o") { Description = "CSV file to write.", Required = true };
        var cmd = new Command("metadata", "One row per readable DICOM from header-only reads (age, sex, view, size, labels...).") { root, output };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var dataset = SiimDataset.Open(p.GetValue(root)!);
            var labels = dataset.LabelsPath is null ? null : dataset.ReadLabels();
            var table = MetadataTable.Scan(dataset, labels, new ConsoleProgress());
            table.WriteCsv(p.GetValue(output)!);
            Console.WriteLine($"{p.GetValue(output)}: {table.Rows.Count} rows; {table.Unreadable.Count} unreadable file(s)");
            foreach (var u in table.Unreadable) Console.WriteLine($"  unreadable: {u.Reason}");
            return 0;
        }));
        return cmd;
    }

    private static Command Clean()
    {
        var root = RootArgument();
        var output = new Option<string>("--out", "-o") { Description = "Folder for clean.csv, cleaning-report.csv, cleaning-summary.json.", Required = true };
        var noVerify = new Option<bool>("--no-verify-pixels") { Description = "Skip decoding every image (faster; broken JPEG data then shows only in preprocessing)." };
        var cmd = new Command("clean", "Clean the dataset with a report: what was excluded or kept, and why.") { root, output, noVerify };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var result = Cleaning.Run(p.GetValue(root)!, !p.GetValue(noVerify), new ConsoleProgress());
            DatasetCleaner.Write(result, p.GetValue(output)!);
            Console.WriteLine($"inputs {result.Inputs} = kept {result.Kept} + excluded {result.ExcludedCount}");
            foreach (var g in result.Issues.GroupBy(i => (i.Issue, i.Action)))
                Console.WriteLine($"  {g.Key.Issue,-22} {g.Key.Action,-8} {g.Count()}");
            Console.WriteLine($"written to {p.GetValue(output)}");
            return result.CountsAddUp ? 0 : 2;
        }));
        return cmd;
    }

    private static Command Preprocess()
    {
        var root = RootArgument();
        var output = new Option<string>("--out", "-o") { Description = "Refined root; the cache goes to OUT/size-N.", Required = true };
        var size = new Option<int>("--size") { Description = "Rows and columns of the cached images (256 default; 512 or 1024 on a GPU).",
            DefaultValueFactory = _ => new Training.TrainingConfig().ImageSize };
        var clean = new Option<string?>("--clean") { Description = "clean.csv from `pneumo clean` (default: clean now, without pixel verification)." };
        var cmd = new Command("preprocess", "Decode, window, resize and cache every clean image and its mask (incremental).") { root, output, size, clean };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var dataset = SiimDataset.Open(p.GetValue(root)!);
            var labels = dataset.ReadLabels();
            var table = p.GetValue(clean) is { } cleanPath ? MetadataTable.ReadCsv(cleanPath) : Cleaning.Run(p.GetValue(root)!, false, new ConsoleProgress()).Clean;
            var report = RefinedCache.Build(dataset, labels, table, p.GetValue(output)!, p.GetValue(size), new ConsoleProgress());
            Console.WriteLine($"{report.Folder}: {report.Processed} processed, {report.Reused} up to date, {report.Removed} removed, {report.Failures.Count} failed");
            foreach (var (id, reason) in report.Failures) Console.WriteLine($"  failed {id}: {reason}");
            return report.Failures.Count == 0 ? 0 : 2;
        }));
        return cmd;
    }
}

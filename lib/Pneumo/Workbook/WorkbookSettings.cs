using System.Globalization;

namespace Pneumo.Workbook;

/// <summary>
/// The study's parameters, shared by the CLI and the notebooks: each one can be overridden by an environment variable
/// so that CI can shrink the run. The data root comes from <c>PNEUMO_DATA</c>; without it the synthetic sample under
/// <c>data/raw/siim-synthetic</c> is used (and generated when missing).
/// </summary>
public sealed record WorkbookSettings
{
    /// <summary>
    /// Where <c>data/</c> and <c>results/</c> go: the repository root (holds Pneumo.Notebooks.sln), or
    /// <c>PNEUMO_OUTPUT_ROOT</c> (tests and CI use a scratch folder).
    /// </summary>
    public required string Root { get; init; }
    /// <summary>Dataset root in the Kaggle layout (<c>PNEUMO_DATA</c>).</summary>
    public required string DataRoot { get; init; }
    /// <summary>True when no <c>PNEUMO_DATA</c> was given: the synthetic sample is the data.</summary>
    public required bool UsesSyntheticSample { get; init; }
    /// <summary>Synthetic sample size (<c>PNEUMO_SAMPLE_COUNT</c>, 500).</summary>
    public int SampleCount { get; init; } = 500;
    /// <summary>Synthetic image size (<c>PNEUMO_SAMPLE_SIZE</c>, 1024 as in SIIM).</summary>
    public int SampleSize { get; init; } = 1024;
    /// <summary>Seed of sample, folds and training (<c>PNEUMO_SEED</c>, 42).</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Folds (<c>PNEUMO_FOLDS</c>, 5).</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Training image size (<c>PNEUMO_IMAGE_SIZE</c>, 256).</summary>
    public int ImageSize { get; init; } = 256;
    /// <summary>Model (<c>PNEUMO_MODEL</c>: small, resnet18, resnet34).</summary>
    public string Model { get; init; } = "small";
    /// <summary>Maximum epochs per fold (<c>PNEUMO_EPOCHS</c>, 10).</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Batch size (<c>PNEUMO_BATCH_SIZE</c>, 16).</summary>
    public int BatchSize { get; init; } = 16;
    /// <summary>Fuse age, sex and view into the model (<c>PNEUMO_METADATA</c>, false).</summary>
    public bool UseMetadata { get; init; }

    /// <summary>data/cleaned.</summary>
    public string CleanedFolder => Path.Combine(Root, "data", "cleaned");
    /// <summary>data/refined.</summary>
    public string RefinedFolder => Path.Combine(Root, "data", "refined");
    /// <summary>results.</summary>
    public string ResultsFolder => Path.Combine(Root, "results");
    /// <summary>results/runs.</summary>
    public string RunsFolder => Path.Combine(ResultsFolder, "runs");
    /// <summary>data/cleaned/clean.csv.</summary>
    public string CleanTable => Path.Combine(CleanedFolder, "clean.csv");
    /// <summary>data/cleaned/folds.csv.</summary>
    public string FoldsFile => Path.Combine(CleanedFolder, "folds.csv");

    /// <summary>Reads the environment (<paramref name="environment"/> for tests; the process environment by default).</summary>
    public static WorkbookSettings FromEnvironment(string? root = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string? Get(string name) => environment is not null ? environment.GetValueOrDefault(name) : Environment.GetEnvironmentVariable(name);
        int Int(string name, int fallback)
        {
            var text = Get(name);
            if (string.IsNullOrWhiteSpace(text)) return fallback;
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"environment variable {name}='{text}' is not a positive integer");
        }
        root ??= Get("PNEUMO_OUTPUT_ROOT") is { Length: > 0 } output ? Path.GetFullPath(output) : FindRoot(Directory.GetCurrentDirectory());
        var data = Get("PNEUMO_DATA");
        return new WorkbookSettings
        {
            Root = root,
            DataRoot = string.IsNullOrWhiteSpace(data) ? Path.Combine(root, "data", "raw", "siim-synthetic") : Path.GetFullPath(data),
            UsesSyntheticSample = string.IsNullOrWhiteSpace(data),
            SampleCount = Int("PNEUMO_SAMPLE_COUNT", 500),
            SampleSize = Int("PNEUMO_SAMPLE_SIZE", 1024),
            Seed = Int("PNEUMO_SEED", 42),
            Folds = Int("PNEUMO_FOLDS", 5),
            ImageSize = Int("PNEUMO_IMAGE_SIZE", 256),
            Model = Get("PNEUMO_MODEL") is { Length: > 0 } m ? m : "small",
            Epochs = Int("PNEUMO_EPOCHS", 10),
            BatchSize = Int("PNEUMO_BATCH_SIZE", 16),
            UseMetadata = Get("PNEUMO_METADATA") is "1" or "true" or "yes",
        };
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> holding Pneumo.Notebooks.sln (else <paramref name="start"/>).</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pneumo.Notebooks.sln"))) return dir.FullName;
        return start;
    }
}

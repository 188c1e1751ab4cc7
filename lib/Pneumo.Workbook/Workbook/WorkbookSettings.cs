using Pneumo.Training;
using Pneumo.Synthesis;

namespace Pneumo.Workbook;

/// <summary>
/// The study's parameters, shared by the CLI and the notebooks: each one can be overridden by an environment variable
/// so that CI can shrink the run. The data root comes from <c>PNEUMO_DATA</c>; without it the synthetic sample of the
/// sample parameters is used, <c>data/raw/</c><see cref="SyntheticOptions.FolderName"/> (generated when missing).
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
    /// <summary>The study's parameters (defaults, environment, notebook parameters cell).</summary>
    public StudyParameters Parameters { get; init; } = new();
    /// <summary>The training configuration of <see cref="Parameters"/>.</summary>
    public TrainingConfig Training => Parameters.Training;
    /// <summary>The synthetic sample these settings ask for (count, size and sample seed).</summary>
    public SyntheticOptions SampleOptions => new(Parameters.SampleCount, Parameters.SampleSize, Parameters.SampleSeed, Version: Parameters.SampleVersion);

    /// <summary>The cleaning output under <see cref="DerivedRoot"/>.</summary>
    public string CleanedFolder => Path.Combine(DerivedRoot, "cleaned");
    /// <summary>The refined cache under <see cref="DerivedRoot"/>.</summary>
    public string RefinedFolder => Path.Combine(DerivedRoot, "refined");

    /// <summary>
    /// Where the data derived from <see cref="DataRoot"/> goes: <c>data/derived/&lt;sample folder name&gt;/</c> for the
    /// synthetic sample, and <c>data/derived/&lt;folder name&gt;-&lt;hash of its path&gt;/</c> for any other dataset, so
    /// switching between samples or to the Kaggle folder never overwrites another's clean table, folds or cache.
    /// </summary>
    public string DerivedRoot => Path.Combine(Root, "data", "derived", UsesSyntheticSample ? Path.GetFileName(DataRoot) : DerivedName(DataRoot));

    private static string DerivedName(string dataRoot)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot));
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full)))[..8].ToLowerInvariant();
        var name = new string(Path.GetFileName(full).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return $"{(name.Length == 0 ? "data" : name)}-{hash}";
    }
    /// <summary>results.</summary>
    public string ResultsFolder => Path.Combine(Root, "results");
    /// <summary>results/runs.</summary>
    public string RunsFolder => Path.Combine(ResultsFolder, "runs");
    /// <summary>clean.csv in <see cref="CleanedFolder"/>.</summary>
    public string CleanTable => Path.Combine(CleanedFolder, "clean.csv");
    /// <summary>folds.csv in <see cref="CleanedFolder"/>.</summary>
    public string FoldsFile => Path.Combine(CleanedFolder, "folds.csv");

    /// <summary>Reads the environment (<paramref name="environment"/> for tests; the process environment by default).</summary>
    public static WorkbookSettings FromEnvironment(string? root = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        From(StudyParameters.FromEnvironment(environment), root, environment);

    /// <summary>
    /// The settings of <paramref name="parameters"/>: <paramref name="root"/>, else <c>PNEUMO_OUTPUT_ROOT</c>, else the
    /// repository holding the current folder.
    /// </summary>
    public static WorkbookSettings From(StudyParameters parameters, string? root = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string? Get(string name) => environment is not null ? environment.GetValueOrDefault(name) : Environment.GetEnvironmentVariable(name);
        root ??= Get("PNEUMO_OUTPUT_ROOT") is { Length: > 0 } output ? Path.GetFullPath(output) : FindRoot(Directory.GetCurrentDirectory());
        var data = parameters.Data;
        return new WorkbookSettings
        {
            Root = root,
            DataRoot = string.IsNullOrWhiteSpace(data)
                ? Path.Combine(root, "data", "raw", new SyntheticOptions(parameters.SampleCount, parameters.SampleSize, parameters.SampleSeed, Version: parameters.SampleVersion).FolderName)
                : Path.GetFullPath(data),
            UsesSyntheticSample = string.IsNullOrWhiteSpace(data),
            Parameters = parameters.Clone(),
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

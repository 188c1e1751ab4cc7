using System.Globalization;
using Pneumo.Training;

namespace Pneumo.Workbook;

/// <summary>
/// Every parameter of the study: the data and sample parameters declared here, and the training configuration it holds
/// (<see cref="Training"/>, whose parameters <see cref="TrainingConfig"/> declares with their defaults and range
/// checks). What a notebook's <c>parameters</c> cell holds, what <c>-p name=value</c> sets (<c>./pneumo notebooks run</c>,
/// <c>./pneumo train</c>), and what <c>PNEUMO_*</c> environment variables override.
/// </summary>
public sealed class StudyParameters
{
    /// <summary>Dataset root in the Kaggle layout; empty: the synthetic sample (generated when missing).</summary>
    [StudyParameter("PNEUMO_DATA", "dataset root (train-rle.csv + dicom-images-train/); empty: the synthetic sample")]
    public string Data { get; set; } = "";
    /// <summary>Synthetic sample size.</summary>
    [StudyParameter("PNEUMO_SAMPLE_COUNT", "images in the synthetic sample")]
    public int SampleCount { get; set; } = 500;
    /// <summary>Synthetic image size (1024 as in SIIM).</summary>
    [StudyParameter("PNEUMO_SAMPLE_SIZE", "synthetic film size in pixels")]
    public int SampleSize { get; set; } = 1024;
    /// <summary>Seed of the synthetic sample (fixed while the training seed varies, so that seeds are compared on one sample).</summary>
    [StudyParameter("PNEUMO_SAMPLE_SEED", "seed of the synthetic sample")]
    public int SampleSeed { get; set; } = 42;
    /// <summary>Generator version of the synthetic sample (in its folder name): 3, real lesion sizes, devices and mimics; 2, the old easy sample.</summary>
    [StudyParameter("PNEUMO_SAMPLE_VERSION", "generator version of the synthetic sample: 3 (real lesion sizes, devices and mimics) or 2 (the old easy one)")]
    public int SampleVersion { get; set; } = Synthesis.SyntheticDataset.GeneratorVersion;
    /// <summary>
    /// Also train the same model with the metadata fusion switched (on the same folds and seed), for the paired comparison
    /// in 05 (opt-in: it doubles the training time).
    /// </summary>
    [StudyParameter("PNEUMO_COMPARE_FUSION", "also train the model with metadata fusion switched, on the same folds, for a paired comparison")]
    public bool CompareFusion { get; set; }
    /// <summary>The training configuration (model, image size, epochs, seed, folds,
    /// task...): <c>parameters.Training = parameters.Training with { Epochs = 20 }</c>.</summary>
    public TrainingConfig Training { get; set; } = new();

    /// <summary>Seeds to repeat the study over (comma-separated, e.g. <c>1,2,3</c>); empty: the training seed only.</summary>
    [StudyParameter("PNEUMO_SEEDS", "seeds to repeat folds and training over, e.g. 1,2,3 (empty: seed only)")]
    public string Seeds { get; set; } = "";
    /// <summary>The seeds to run: <see cref="Seeds"/> parsed, or the training seed alone.</summary>
    /// <exception cref="ArgumentException">A seed that is not an integer, named.</exception>
    public IReadOnlyList<int> SeedList()
    {
        if (string.IsNullOrWhiteSpace(Seeds)) return [Training.Seed];
        return Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
                : throw new ArgumentException($"seeds: '{t}' is not an integer (expected e.g. 1,2,3)"))
            .Distinct().ToList();
    }
    /// <summary>The run the results notebook shows; empty: the run the training notebook trained last.</summary>
    [StudyParameter("PNEUMO_RUN", "run id the results show; empty: the last run trained")]
    public string Run { get; set; } = "";

    /// <summary>Every parameter: the study's own, then the training configuration's, in declaration order.</summary>
    public static IReadOnlyList<StudyParameter> All { get; } =
        typeof(StudyParameters).GetProperties().Select(p => StudyParameter.Of(p, training: false))
            .Concat(typeof(TrainingConfig).GetProperties().Select(p => StudyParameter.Of(p, training: true)))
            .OfType<StudyParameter>().ToList();

    /// <summary>The defaults, overridden by the <c>PNEUMO_*</c> variables that are set.</summary>
    /// <exception cref="ArgumentException">A variable with a value of the wrong type, named.</exception>
    public static StudyParameters FromEnvironment(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var parameters = new StudyParameters();
        foreach (var parameter in All)
        {
            var text = environment is not null ? environment.GetValueOrDefault(parameter.EnvironmentVariable) : Environment.GetEnvironmentVariable(parameter.EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(text)) continue;
            parameter.Set(parameters, parameter.Parse(text, $"environment variable {parameter.EnvironmentVariable}"));
        }
        return parameters;
    }

    /// <summary>The parameter called <paramref name="name"/> (any case; <c>-</c> and <c>_</c> ignored: learning-rate, learningRate).</summary>
    /// <exception cref="ArgumentException">No such parameter; the message lists them.</exception>
    public static StudyParameter Find(string name)
    {
        static string Key(string s) => s.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return All.FirstOrDefault(p => Key(p.Name) == Key(name))
            ?? throw new ArgumentException($"unknown parameter '{name}' (known: {string.Join(", ", All.Select(p => p.Name))})");
    }

    /// <summary>Sets the parameter called <paramref name="name"/> from <paramref name="text"/> (as <c>-p name=value</c> does).</summary>
    /// <exception cref="ArgumentException">No such parameter, or a value of the wrong type; one line naming it.</exception>
    public void Set(string name, string text)
    {
        var parameter = Find(name);
        parameter.Set(this, parameter.Parse(text, $"parameter {name}"));
    }

    /// <summary>A C# literal for a parsed value (for the injected-parameters cell).</summary>
    public static string Literal(object value) => value switch
    {
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        Enum e => $"{e.GetType().Name}.{e}",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + (d == Math.Floor(d) && !d.ToString("R", CultureInfo.InvariantCulture).Contains('E', StringComparison.Ordinal) ? ".0" : ""),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The parameters whose values differ from the defaults, by name.</summary>
    public IReadOnlyDictionary<string, object?> Changed()
    {
        var defaults = new StudyParameters();
        return All.Where(p => !Equals(p.Get(this), p.Get(defaults))).ToDictionary(p => p.Name, p => p.Get(this));
    }

    /// <summary>Every parameter with its value, as (name, value, environment variable, description) rows.</summary>
    public IEnumerable<(string Name, object? Value, string EnvironmentVariable, string Description)> Rows() =>
        All.Select(p => (p.Name, p.Get(this), p.EnvironmentVariable, p.Description));

    /// <summary>A copy.</summary>
    public StudyParameters Clone() => (StudyParameters)MemberwiseClone();

}

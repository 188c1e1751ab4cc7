using System.Text.Json;
using System.Text.Json.Serialization;
using Pneumo.Training;

namespace Pneumo.Runs;

/// <summary>
/// A run's <c>metrics.json</c>: one typed record per task (<see cref="ClassificationMetrics"/>,
/// <see cref="SegmentationMetrics"/>), serialised and read back by the same type, so a field added to it is written and
/// read alike. Each file names its task and schema version; files written before either was recorded (schema 1) are
/// read as what they were: a classification's unless it says <c>"task": "segmentation"</c>.
/// </summary>
public abstract record MetricsFile
{
    /// <summary>The schema this code writes. 2: <c>schemaVersion</c> and <c>task</c> in every file.</summary>
    public const int CurrentSchemaVersion = 2;

    /// <summary>The schema the file was written with (1 for files that predate the field).</summary>
    [JsonPropertyOrder(-2)]
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The run's task.</summary>
    [JsonPropertyOrder(-1)]
    public TrainingTask Task { get; init; }

    /// <summary>
    /// The pooled out-of-fold image-level ROC AUC, the figure every task has: the classifier's calibrated probability,
    /// the segmenter's top pixel probability.
    /// </summary>
    public double Auc { get; init; } = double.NaN;
    /// <summary>Lower bound of its bootstrap 95% interval.</summary>
    public double AucLower95 { get; init; } = double.NaN;
    /// <summary>Upper bound.</summary>
    public double AucUpper95 { get; init; } = double.NaN;

    /// <summary>JSON options of metrics files: camel case, indented, NaN as <c>"NaN"</c>, the task by name.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Reads <paramref name="path"/>; null when there is no such file.</summary>
    /// <exception cref="DataFileException">The file is not a metrics file this code can read (named, with the cause).</exception>
    public static MetricsFile? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var task = root.TryGetProperty("task", out var t) ? t.Deserialize<TrainingTask>(Json) : TrainingTask.Classification;
            MetricsFile? file = task == TrainingTask.Segmentation ? root.Deserialize<SegmentationMetrics>(Json) : root.Deserialize<ClassificationMetrics>(Json);
            if (file?.SchemaVersion > CurrentSchemaVersion)
                throw new DataFileException($"{path}: metrics schema {file.SchemaVersion} is newer than this code's ({CurrentSchemaVersion}); update the code");
            return (file ?? throw new DataFileException($"{path}: empty metrics file")) with { Task = task };
        }
        catch (JsonException ex)
        {
            throw new DataFileException($"{path}: not a readable metrics file ({ex.Message})", ex);
        }
    }

    /// <summary>Writes this record to <paramref name="path"/> atomically, stamped with the current schema version.</summary>
    public void Write(string path) =>
        IO.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this with { SchemaVersion = CurrentSchemaVersion }, GetType(), Json));
}

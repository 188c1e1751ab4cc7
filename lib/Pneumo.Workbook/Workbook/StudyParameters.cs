using System.Globalization;
using System.Reflection;
using Pneumo.Training;

namespace Pneumo.Workbook;

/// <summary>
/// Every parameter of the study in one place, with its default (the training defaults come from
/// <see cref="TrainingConfig"/>): what a notebook's <c>parameters</c> cell holds, what
/// <c>./pneumo notebooks run -p name=value</c> sets, and what <c>PNEUMO_*</c> environment variables override.
/// </summary>
public sealed class StudyParameters
{
    private static readonly TrainingConfig Defaults = new();

    /// <summary>Dataset root in the Kaggle layout; empty: the synthetic sample (generated when missing).</summary>
    [StudyParameter("PNEUMO_DATA", "dataset root (train-rle.csv + dicom-images-train/); empty: the synthetic sample")]
    public string Data { get; set; } = "";
    /// <summary>Synthetic sample size.</summary>
    [StudyParameter("PNEUMO_SAMPLE_COUNT", "images in the synthetic sample")]
    public int SampleCount { get; set; } = 500;
    /// <summary>Synthetic image size (1024 as in SIIM).</summary>
    [StudyParameter("PNEUMO_SAMPLE_SIZE", "synthetic film size in pixels")]
    public int SampleSize { get; set; } = 1024;
    /// <summary>Seed of the synthetic sample (fixed while <see cref="Seed"/> varies, so that seeds are compared on one sample).</summary>
    [StudyParameter("PNEUMO_SAMPLE_SEED", "seed of the synthetic sample")]
    public int SampleSeed { get; set; } = 42;
    /// <summary>Seed of folds and training.</summary>
    [StudyParameter("PNEUMO_SEED", "seed of folds, weights, data order and augmentation")]
    public int Seed { get; set; } = Defaults.Seed;
    /// <summary>Number of folds.</summary>
    [StudyParameter("PNEUMO_FOLDS", "folds of the stratified, patient-grouped split")]
    public int Folds { get; set; } = Defaults.Folds;
    /// <summary>Training image size.</summary>
    [StudyParameter("PNEUMO_IMAGE_SIZE", "training image size in pixels (512 or 1024 on a GPU)")]
    public int ImageSize { get; set; } = Defaults.ImageSize;
    /// <summary>Model: small, resnet18, resnet34.</summary>
    [StudyParameter("PNEUMO_MODEL", "small, resnet18 or resnet34")]
    public string Model { get; set; } = Defaults.Model;
    /// <summary>Maximum epochs per fold.</summary>
    [StudyParameter("PNEUMO_EPOCHS", "maximum epochs per fold")]
    public int Epochs { get; set; } = Defaults.Epochs;
    /// <summary>Images per batch.</summary>
    [StudyParameter("PNEUMO_BATCH_SIZE", "images per batch")]
    public int BatchSize { get; set; } = Defaults.BatchSize;
    /// <summary>Peak learning rate.</summary>
    [StudyParameter("PNEUMO_LEARNING_RATE", "peak AdamW learning rate of the one-cycle schedule")]
    public double LearningRate { get; set; } = Defaults.LearningRate;
    /// <summary>AdamW weight decay.</summary>
    [StudyParameter("PNEUMO_WEIGHT_DECAY", "AdamW weight decay")]
    public double WeightDecay { get; set; } = Defaults.WeightDecay;
    /// <summary>Share of steps warming up.</summary>
    [StudyParameter("PNEUMO_WARMUP_SHARE", "share of all steps spent warming up")]
    public double WarmupShare { get; set; } = Defaults.WarmupShare;
    /// <summary>Dropout before the classifier.</summary>
    [StudyParameter("PNEUMO_DROPOUT", "dropout before the classifier")]
    public double Dropout { get; set; } = Defaults.Dropout;
    /// <summary>Share of positives drawn per epoch (0: natural order, weighted loss).</summary>
    [StudyParameter("PNEUMO_POSITIVE_SHARE", "share of positives drawn per epoch (0: every image once, imbalance left to the loss weight)")]
    public double PositiveShare { get; set; } = Defaults.PositiveShare;
    /// <summary>Recompute batch-norm statistics on training images before each validation.</summary>
    [StudyParameter("PNEUMO_PRECISE_BATCH_NORM", "recompute batch-norm statistics on training images before each validation")]
    public bool PreciseBatchNorm { get; set; } = Defaults.PreciseBatchNorm;
    /// <summary>Weight of the auxiliary mask loss (0: image labels only).</summary>
    [StudyParameter("PNEUMO_MASK_LOSS_WEIGHT", "weight of the auxiliary lesion-mask loss (0: image labels only)")]
    public double MaskLossWeight { get; set; } = Defaults.MaskLossWeight;
    /// <summary>Rotation, scale, shift, brightness and contrast augmentation.</summary>
    [StudyParameter("PNEUMO_AUGMENT", "rotation, scale, shift, brightness and contrast augmentation")]
    public bool Augment { get; set; } = Defaults.Augment;
    /// <summary>Left-right flips.</summary>
    [StudyParameter("PNEUMO_HORIZONTAL_FLIP", "left-right flips (off: laterality matters)")]
    public bool HorizontalFlip { get; set; } = Defaults.HorizontalFlip;
    /// <summary>Share of training images with random wires drawn over them (0: none).</summary>
    [StudyParameter("PNEUMO_WIRES", "share of training images with random wires drawn over them, so that a line alone is not read as a pleural line (0: none)")]
    public double Wires { get; set; } = Defaults.Wires;
    /// <summary>Early-stopping patience.</summary>
    [StudyParameter("PNEUMO_PATIENCE", "epochs without a better inner-validation AUC before a fold stops")]
    public int Patience { get; set; } = Defaults.Patience;
    /// <summary>Share of the epochs before early stopping may act.</summary>
    [StudyParameter("PNEUMO_EARLY_STOPPING_START", "share of the epochs before early stopping may act")]
    public double EarlyStoppingStart { get; set; } = Defaults.EarlyStoppingStart;
    /// <summary>Inner validation share.</summary>
    [StudyParameter("PNEUMO_INNER_VALIDATION_SHARE", "share of each fold's training images held out for early stopping")]
    public double InnerValidationShare { get; set; } = Defaults.InnerValidationShare;
    /// <summary>Fuse age, sex and view.</summary>
    [StudyParameter("PNEUMO_METADATA", "fuse age, sex and view position into the model")]
    public bool UseMetadata { get; set; } = Defaults.UseMetadata;
    /// <summary>A PyTorch weights file the backbone starts from (empty: from scratch).</summary>
    [StudyParameter("PNEUMO_INIT_WEIGHTS", "PyTorch weights (.pth, .pt, .safetensors) the backbone starts from; its head is replaced (empty: from scratch)")]
    public string InitWeights { get; set; } = Defaults.InitWeights;
    /// <summary>Epochs with the pretrained backbone frozen.</summary>
    [StudyParameter("PNEUMO_FREEZE_EPOCHS", "epochs during which a pretrained backbone stays frozen and only the head learns")]
    public int FreezeEpochs { get; set; } = Defaults.FreezeEpochs;
    /// <summary>classification or segmentation.</summary>
    [StudyParameter("PNEUMO_TASK", "classification (the image label) or segmentation (a U-Net on the masks)")]
    public string Task { get; set; } = Defaults.Task;
    /// <summary>Segmentation: first epoch's positive share.</summary>
    [StudyParameter("PNEUMO_SEGMENTATION_SHARE_START", "segmentation: share of positives in the first epoch, falling linearly to the end share")]
    public double SegmentationShareStart { get; set; } = Defaults.SegmentationShareStart;
    /// <summary>Segmentation: last epoch's positive share.</summary>
    [StudyParameter("PNEUMO_SEGMENTATION_SHARE_END", "segmentation: share of positives in the last epoch")]
    public double SegmentationShareEnd { get; set; } = Defaults.SegmentationShareEnd;
    /// <summary>Segmentation: focal term weight.</summary>
    [StudyParameter("PNEUMO_FOCAL_WEIGHT", "segmentation: weight of the focal term of the loss (0: BCE + soft Dice)")]
    public double FocalWeight { get; set; } = Defaults.FocalWeight;
    /// <summary>Also train the same model with the metadata fusion switched (on the same folds and seed), for the paired comparison in 05.</summary>
    [StudyParameter("PNEUMO_COMPARE_FUSION", "also train the model with metadata fusion switched, on the same folds, for a paired comparison")]
    public bool CompareFusion { get; set; } = true;
    /// <summary>Device: auto, cpu, cuda, cuda:N.</summary>
    [StudyParameter("PNEUMO_DEVICE", "auto (CUDA when available), cpu, cuda or cuda:N")]
    public string Device { get; set; } = Defaults.Device;
    /// <summary>CPU threads for Torch (0: all cores).</summary>
    [StudyParameter("PNEUMO_THREADS", "CPU threads for Torch (0: all cores)")]
    public int Threads { get; set; } = Defaults.Threads;
    /// <summary>Seeds to repeat the study over (comma-separated, e.g. <c>1,2,3</c>); empty: <see cref="Seed"/> only.</summary>
    [StudyParameter("PNEUMO_SEEDS", "seeds to repeat folds and training over, e.g. 1,2,3 (empty: seed only)")]
    public string Seeds { get; set; } = "";
    /// <summary>The seeds to run: <see cref="Seeds"/> parsed, or <see cref="Seed"/> alone.</summary>
    /// <exception cref="ArgumentException">A seed that is not an integer, named.</exception>
    public IReadOnlyList<int> SeedList()
    {
        if (string.IsNullOrWhiteSpace(Seeds)) return [Seed];
        return Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
                : throw new ArgumentException($"seeds: '{t}' is not an integer (expected e.g. 1,2,3)"))
            .Distinct().ToList();
    }
    /// <summary>The run the results notebook shows; empty: the run the training notebook trained last.</summary>
    [StudyParameter("PNEUMO_RUN", "run id the results show; empty: the last run trained")]
    public string Run { get; set; } = "";

    /// <summary>Every parameter: its property, environment variable and description, in declaration order.</summary>
    public static IReadOnlyList<(PropertyInfo Property, StudyParameterAttribute Info)> All { get; } =
        typeof(StudyParameters).GetProperties().Select(p => (p, p.GetCustomAttribute<StudyParameterAttribute>()!)).Where(x => x.Item2 is not null).ToList();

    /// <summary>The defaults, overridden by the <c>PNEUMO_*</c> variables that are set.</summary>
    /// <exception cref="ArgumentException">A variable with a value of the wrong type, named.</exception>
    public static StudyParameters FromEnvironment(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var parameters = new StudyParameters();
        foreach (var (property, info) in All)
        {
            var text = environment is not null ? environment.GetValueOrDefault(info.EnvironmentVariable) : Environment.GetEnvironmentVariable(info.EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(text)) continue;
            property.SetValue(parameters, Parse(property, text, $"environment variable {info.EnvironmentVariable}"));
        }
        return parameters;
    }

    /// <summary>The parameter called <paramref name="name"/> (any case; <c>-</c> and <c>_</c> ignored: learning-rate, learningRate).</summary>
    /// <exception cref="ArgumentException">No such parameter; the message lists them.</exception>
    public static PropertyInfo Find(string name)
    {
        static string Key(string s) => s.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return All.FirstOrDefault(p => Key(p.Property.Name) == Key(name)).Property
            ?? throw new ArgumentException($"unknown parameter '{name}' (known: {string.Join(", ", All.Select(p => CamelCase(p.Property.Name)))})");
    }

    /// <summary>Sets the parameter called <paramref name="name"/> from <paramref name="text"/> (as <c>-p name=value</c> does).</summary>
    /// <exception cref="ArgumentException">No such parameter, or a value of the wrong type; one line naming it.</exception>
    public void Set(string name, string text)
    {
        var property = Find(name);
        property.SetValue(this, Parse(property, text, $"parameter {name}"));
    }

    /// <summary>Parses <paramref name="text"/> as the type of <paramref name="property"/>.</summary>
    /// <exception cref="ArgumentException">The value does not fit, named with <paramref name="source"/>.</exception>
    public static object Parse(PropertyInfo property, string text, string source)
    {
        var inv = CultureInfo.InvariantCulture;
        text = text.Trim();
        if (property.PropertyType == typeof(string)) return text;
        if (property.PropertyType == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, inv, out var i) && i >= 0 ? i : throw new ArgumentException($"{source}='{text}' is not a non-negative integer");
        if (property.PropertyType == typeof(double))
            return double.TryParse(text, NumberStyles.Float, inv, out var d) && double.IsFinite(d) ? d : throw new ArgumentException($"{source}='{text}' is not a number");
        if (property.PropertyType == typeof(bool))
            return text.ToLowerInvariant() switch
            {
                "1" or "true" or "yes" or "on" => true,
                "0" or "false" or "no" or "off" => false,
                _ => throw new ArgumentException($"{source}='{text}' is not true or false"),
            };
        throw new ArgumentException($"{source}: unsupported type {property.PropertyType.Name}");
    }

    /// <summary>A C# literal for a parsed value (for the injected-parameters cell).</summary>
    public static string Literal(object value) => value switch
    {
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + (d == Math.Floor(d) && !d.ToString("R", CultureInfo.InvariantCulture).Contains('E', StringComparison.Ordinal) ? ".0" : ""),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The parameters whose values differ from the defaults, by name.</summary>
    public IReadOnlyDictionary<string, object?> Changed()
    {
        var defaults = new StudyParameters();
        return All.Where(p => !Equals(p.Property.GetValue(this), p.Property.GetValue(defaults)))
            .ToDictionary(p => CamelCase(p.Property.Name), p => p.Property.GetValue(this));
    }

    /// <summary>Every parameter with its value, as (name, value, environment variable, description) rows.</summary>
    public IEnumerable<(string Name, object? Value, string EnvironmentVariable, string Description)> Rows() =>
        All.Select(p => (CamelCase(p.Property.Name), p.Property.GetValue(this), p.Info.EnvironmentVariable, p.Info.Description));

    /// <summary>The training configuration of these parameters.</summary>
    public TrainingConfig ToTrainingConfig() => new()
    {
        Model = Model, ImageSize = ImageSize, Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, WeightDecay = WeightDecay,
        WarmupShare = WarmupShare, Dropout = Dropout, MaskLossWeight = MaskLossWeight, PositiveShare = PositiveShare, PreciseBatchNorm = PreciseBatchNorm, Seed = Seed, Folds = Folds, UseMetadata = UseMetadata, Augment = Augment,
        HorizontalFlip = HorizontalFlip, Wires = Wires, InitWeights = InitWeights, FreezeEpochs = FreezeEpochs, Task = Task, SegmentationShareStart = SegmentationShareStart, SegmentationShareEnd = SegmentationShareEnd, FocalWeight = FocalWeight, Patience = Patience, EarlyStoppingStart = EarlyStoppingStart, InnerValidationShare = InnerValidationShare,
        Device = Device, Threads = Threads,
    };

    /// <summary>A copy.</summary>
    public StudyParameters Clone() => (StudyParameters)MemberwiseClone();

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

using Pneumo.Metrics;
using Pneumo.Training;

namespace Pneumo.Runs;

/// <summary>A classification run's <c>metrics.json</c> (<see cref="MetricsFile"/>); NaN where a figure could not be computed.</summary>
public sealed record ClassificationMetrics : MetricsFile
{
    /// <summary>A record of <see cref="TrainingTask.Classification"/>.</summary>
    public ClassificationMetrics() => Task = TrainingTask.Classification;

    /// <summary>Pooled AUC of the uncalibrated probabilities.</summary>
    public double AucUncalibrated { get; init; } = double.NaN;
    /// <summary>Pooled average precision.</summary>
    public double AveragePrecision { get; init; } = double.NaN;
    /// <summary>Pooled outcomes at the pooled Youden threshold.</summary>
    public OperatingPoint Youden { get; init; } = new();
    /// <summary>Pooled outcomes at the pooled 90%-specificity threshold.</summary>
    public OperatingPoint Specificity90 { get; init; } = new();
    /// <summary>Pooled outcomes at each fold's inner-validation Youden threshold.</summary>
    public OperatingPoint? YoudenInnerValidation { get; init; }
    /// <summary>Pooled outcomes at each fold's inner-validation 90%-specificity threshold.</summary>
    public OperatingPoint? Specificity90InnerValidation { get; init; }
    /// <summary>Expected calibration error.</summary>
    public double ExpectedCalibrationError { get; init; } = double.NaN;
    /// <summary>Expected calibration error before calibration.</summary>
    public double ExpectedCalibrationErrorUncalibrated { get; init; } = double.NaN;
    /// <summary>Grad-CAM pointing game on the out-of-fold true positives.</summary>
    public double GradCamPointingGame { get; init; } = double.NaN;
    /// <summary>Grad-CAM mass inside the dilated mask.</summary>
    public double GradCamMassInMask { get; init; } = double.NaN;
    /// <summary>Images the Grad-CAM figures are over.</summary>
    public int GradCamImages { get; init; }
    /// <summary>Tolerance of the pointing game, in cache pixels.</summary>
    public int GradCamTolerancePixels { get; init; }
    /// <summary>The baselines on the same folds, by name.</summary>
    public Dictionary<string, BaselineFigures> Baselines { get; init; } = [];
    /// <summary>Performance by view, sex and age band.</summary>
    public List<SubgroupFigures> Subgroups { get; init; } = [];
    /// <summary>The positives by lesion size (below 0.4%, 0.4% to 1.8%, above 1.8% of the image), each against all negatives.</summary>
    public List<SubgroupFigures> SizeBands { get; init; } = [];
    /// <summary>
    /// Where the per-image device labels came from (the synthetic sample's record), or why there are none: the Kaggle
    /// SIIM-ACR labels carry no device annotations, so <see cref="DrainStrata"/> and <see cref="Mimics"/> stay empty.
    /// </summary>
    public string DeviceLabels { get; init; } = "";
    /// <summary>The positives with and without a chest drain, each against all negatives.</summary>
    public List<SubgroupFigures> DrainStrata { get; init; } = [];
    /// <summary>The pleural-line mimics: the negatives with and without a skin fold and their false positives.</summary>
    public List<SubgroupFigures> Mimics { get; init; } = [];
    /// <summary>The run's warnings.</summary>
    public List<string> Warnings { get; init; } = [];
    /// <summary>Per-fold figures.</summary>
    public List<FoldMetrics> Folds { get; init; } = [];

    /// <summary>What <see cref="DeviceLabels"/> says when the data have none.</summary>
    public const string NoDeviceLabels = ConfounderStrata.Unavailable;

    /// <summary>The record of <paramref name="report"/>.</summary>
    public static ClassificationMetrics From(EvaluationReport report) => new()
    {
        Auc = report.Auc.Estimate, AucLower95 = report.Auc.Lower, AucUpper95 = report.Auc.Upper, AucUncalibrated = report.AucUncalibrated,
        AveragePrecision = report.AveragePrecision,
        Youden = OperatingPoint.From(report.AtYouden), Specificity90 = OperatingPoint.From(report.AtSpecificity90),
        YoudenInnerValidation = OperatingPoint.InnerValidation(report.AtYoudenInnerValidation),
        Specificity90InnerValidation = OperatingPoint.InnerValidation(report.AtSpecificity90InnerValidation),
        ExpectedCalibrationError = report.ExpectedCalibrationError, ExpectedCalibrationErrorUncalibrated = report.ExpectedCalibrationErrorUncalibrated,
        GradCamPointingGame = report.Localization?.PointingGame ?? double.NaN, GradCamMassInMask = report.Localization?.MassInMask ?? double.NaN,
        GradCamImages = report.Localization?.Images ?? 0, GradCamTolerancePixels = report.Localization?.TolerancePixels ?? 0,
        Baselines = report.Baselines.ToDictionary(b => b.Name, BaselineFigures.From),
        Subgroups = report.Subgroups.Select(SubgroupFigures.From).ToList(),
        SizeBands = report.SizeBands.Select(SubgroupFigures.From).ToList(),
        DeviceLabels = report.DeviceLabels ?? NoDeviceLabels,
        DrainStrata = report.DrainStrata.Select(SubgroupFigures.From).ToList(),
        Mimics = report.SkinFolds.Select(SubgroupFigures.From).ToList(),
        Warnings = report.Warnings.ToList(),
        Folds = report.Folds.ToList(),
    };

    /// <summary>The figures a run comparison needs, as the engine's types.</summary>
    public SavedMetrics ToSavedMetrics() =>
        new(new ConfidenceInterval(Auc, AucLower95, AucUpper95, 0.95), AveragePrecision, ExpectedCalibrationError, Folds, Youden.Threshold,
            Specificity90.Threshold)
        {
            Warnings = Warnings, AucUncalibrated = AucUncalibrated, ExpectedCalibrationErrorUncalibrated = ExpectedCalibrationErrorUncalibrated,
            AtYoudenInnerValidation = YoudenInnerValidation?.ToMatrix(), AtSpecificity90InnerValidation = Specificity90InnerValidation?.ToMatrix(),
            Baselines = Baselines.Select(b => b.Value.ToResult(b.Key, Auc)).ToList(),
            Subgroups = Subgroups.Select(g => g.ToResult()).ToList(),
            SizeBands = SizeBands.Select(g => g.ToResult()).ToList(),
            DeviceLabels = DeviceLabels is "" or NoDeviceLabels ? null : DeviceLabels,
            DrainStrata = DrainStrata.Select(g => g.ToResult()).ToList(),
            SkinFolds = Mimics.Select(g => g.ToResult()).ToList(),
            Localization = double.IsNaN(GradCamPointingGame) ? null : new LocalizationResult(GradCamImages, GradCamPointingGame, GradCamMassInMask,
                GradCamTolerancePixels),
        };
}

/// <summary>Outcomes at one threshold (<see cref="ConfusionMatrix"/>), as <c>metrics.json</c> holds them.</summary>
public sealed record OperatingPoint
{
    /// <summary>Where the threshold was chosen (inner-validation points only).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ChosenOn { get; init; }
    /// <summary>The threshold (NaN for the pooled inner-validation points: each fold has its own).</summary>
    public double Threshold { get; init; } = double.NaN;
    /// <summary>True positives.</summary>
    public int Tp { get; init; }
    /// <summary>False positives.</summary>
    public int Fp { get; init; }
    /// <summary>True negatives.</summary>
    public int Tn { get; init; }
    /// <summary>False negatives.</summary>
    public int Fn { get; init; }
    /// <summary>Sensitivity.</summary>
    public double Sensitivity { get; init; } = double.NaN;
    /// <summary>Specificity.</summary>
    public double Specificity { get; init; } = double.NaN;
    /// <summary>Precision.</summary>
    public double Precision { get; init; } = double.NaN;
    /// <summary>F1.</summary>
    public double F1 { get; init; } = double.NaN;
    /// <summary>Accuracy.</summary>
    public double Accuracy { get; init; } = double.NaN;

    /// <summary>The record of <paramref name="m"/>.</summary>
    public static OperatingPoint From(ConfusionMatrix m) => new()
    {
        Threshold = m.Threshold, Tp = m.TruePositives, Fp = m.FalsePositives, Tn = m.TrueNegatives, Fn = m.FalseNegatives,
        Sensitivity = m.Sensitivity, Specificity = m.Specificity, Precision = m.Precision, F1 = m.F1, Accuracy = m.Accuracy,
    };

    /// <summary>The record of pooled outcomes at each fold's inner-validation thresholds (null stays null).</summary>
    public static OperatingPoint? InnerValidation(ConfusionMatrix? m) => m is null ? null : From(m) with { ChosenOn = "each fold's inner validation",
        Threshold = double.NaN };

    /// <summary>The confusion matrix.</summary>
    public ConfusionMatrix ToMatrix() => new(Threshold, Tp, Fp, Tn, Fn);
}

/// <summary>A baseline's figures in <c>metrics.json</c>.</summary>
public sealed record BaselineFigures
{
    /// <summary>What the baseline is.</summary>
    public string Description { get; init; } = "";
    /// <summary>Its pooled AUC.</summary>
    public double Auc { get; init; } = double.NaN;
    /// <summary>Lower 95% bound.</summary>
    public double AucLower { get; init; } = double.NaN;
    /// <summary>Upper 95% bound.</summary>
    public double AucUpper { get; init; } = double.NaN;
    /// <summary>Its AUC per fold.</summary>
    public List<double> Folds { get; init; } = [];
    /// <summary>The model minus this baseline (DeLong, paired), when computed.</summary>
    public AucDifference? ModelMinusBaseline { get; init; }

    /// <summary>The record of <paramref name="b"/>.</summary>
    public static BaselineFigures From(BaselineResult b) => new()
    {
        Description = b.Description, Auc = b.Auc.Estimate, AucLower = b.Auc.Lower, AucUpper = b.Auc.Upper, Folds = b.FoldAucs.ToList(),
        ModelMinusBaseline = b.VersusModel is { } v ? new AucDifference(v.Difference.Estimate, v.Difference.Lower, v.Difference.Upper, v.Z, v.PValue) : null,
    };

    /// <summary>The engine's result, named <paramref name="name"/>; <paramref name="modelAuc"/> is the run's pooled AUC.</summary>
    public BaselineResult ToResult(string name, double modelAuc) => new(name, Description, new ConfidenceInterval(Auc, AucLower, AucUpper, 0.95), Folds)
    {
        VersusModel = ModelMinusBaseline is { } d
            ? new PairedAucComparison(modelAuc, Auc, new ConfidenceInterval(d.Difference, d.Lower, d.Upper, 0.95), d.Z, d.PValue)
            : null,
    };
}

/// <summary>A paired AUC difference with its 95% interval and DeLong's test.</summary>
/// <param name="Difference">Model minus baseline.</param>
/// <param name="Lower">Lower 95% bound.</param>
/// <param name="Upper">Upper 95% bound.</param>
/// <param name="Z">DeLong's z.</param>
/// <param name="PValue">Two-sided p-value.</param>
public sealed record AucDifference(double Difference, double Lower, double Upper, double Z, double PValue)
{
    /// <summary>The test.</summary>
    public string Test { get; init; } = "DeLong, paired";
}

/// <summary>One subgroup's figures in <c>metrics.json</c>.</summary>
public sealed record SubgroupFigures
{
    /// <summary>view, sex or age band.</summary>
    public string Variable { get; init; } = "";
    /// <summary>The group.</summary>
    public string Value { get; init; } = "";
    /// <summary>Images.</summary>
    public int Images { get; init; }
    /// <summary>Positives.</summary>
    public int Positives { get; init; }
    /// <summary>AUC.</summary>
    public double Auc { get; init; } = double.NaN;
    /// <summary>Lower 95% bound.</summary>
    public double AucLower { get; init; } = double.NaN;
    /// <summary>Upper 95% bound.</summary>
    public double AucUpper { get; init; } = double.NaN;
    /// <summary>Sensitivity at each fold's threshold.</summary>
    public double Sensitivity { get; init; } = double.NaN;
    /// <summary>Specificity at each fold's threshold.</summary>
    public double Specificity { get; init; } = double.NaN;
    /// <summary>True positives.</summary>
    public int Tp { get; init; }
    /// <summary>False positives.</summary>
    public int Fp { get; init; }
    /// <summary>True negatives.</summary>
    public int Tn { get; init; }
    /// <summary>False negatives.</summary>
    public int Fn { get; init; }

    /// <summary>The record of <paramref name="g"/>.</summary>
    public static SubgroupFigures From(SubgroupResult g) => new()
    {
        Variable = g.Variable, Value = g.Value, Images = g.Images, Positives = g.Positives, Auc = g.Auc.Estimate, AucLower = g.Auc.Lower,
            AucUpper = g.Auc.Upper,
        Sensitivity = g.AtThreshold.Sensitivity, Specificity = g.AtThreshold.Specificity,
        Tp = g.AtThreshold.TruePositives, Fp = g.AtThreshold.FalsePositives, Tn = g.AtThreshold.TrueNegatives, Fn = g.AtThreshold.FalseNegatives,
    };

    /// <summary>The engine's result.</summary>
    public SubgroupResult ToResult() => new(Variable, Value, Images, Positives, new ConfidenceInterval(Auc, AucLower, AucUpper, 0.95),
        new ConfusionMatrix(double.NaN, Tp, Fp, Tn, Fn));
}

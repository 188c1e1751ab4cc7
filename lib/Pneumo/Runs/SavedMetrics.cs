using Pneumo.Metrics;

namespace Pneumo.Runs;

/// <summary>
/// The figures of a classification evaluation as <c>metrics.json</c> holds them (<see cref="ClassificationMetrics.ToSavedMetrics"/>):
/// what a run comparison needs, read without the predictions.
/// </summary>
/// <param name="Auc">Pooled ROC AUC with its bootstrap 95% interval.</param>
/// <param name="AveragePrecision">Pooled average precision.</param>
/// <param name="ExpectedCalibrationError">Expected calibration error.</param>
/// <param name="Folds">Per-fold figures.</param>
/// <param name="YoudenThreshold">The Youden threshold chosen.</param>
/// <param name="Specificity90Threshold">The 90%-specificity threshold chosen.</param>
public sealed record SavedMetrics(ConfidenceInterval Auc, double AveragePrecision, double ExpectedCalibrationError, IReadOnlyList<FoldMetrics> Folds,
    double YoudenThreshold, double Specificity90Threshold)
{
    /// <summary>The run's warnings (empty in runs that predate them).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Pooled AUC before calibration (NaN when absent).</summary>
    public double AucUncalibrated { get; init; } = double.NaN;
    /// <summary>Expected calibration error before calibration (NaN when absent).</summary>
    public double ExpectedCalibrationErrorUncalibrated { get; init; } = double.NaN;
    /// <summary>Pooled outcomes at the folds' inner-validation Youden thresholds.</summary>
    public ConfusionMatrix? AtYoudenInnerValidation { get; init; }
    /// <summary>Pooled outcomes at the folds' inner-validation 90%-specificity thresholds.</summary>
    public ConfusionMatrix? AtSpecificity90InnerValidation { get; init; }
    /// <summary>The baselines on the same folds.</summary>
    public IReadOnlyList<BaselineResult> Baselines { get; init; } = [];
    /// <summary>Grad-CAM against the masks.</summary>
    public LocalizationResult? Localization { get; init; }
    /// <summary>Performance by view, sex and age band (empty in runs evaluated before subgroups were kept).</summary>
    public IReadOnlyList<SubgroupResult> Subgroups { get; init; } = [];
    /// <summary>The positives by lesion size against all negatives (empty in runs evaluated before the bands were kept).</summary>
    public IReadOnlyList<SubgroupResult> SizeBands { get; init; } = [];
    /// <summary>Where the device labels came from (null: none, and no drain or skin-fold strata).</summary>
    public string? DeviceLabels { get; init; }
    /// <summary>The positives with and without a chest drain against all negatives.</summary>
    public IReadOnlyList<SubgroupResult> DrainStrata { get; init; } = [];
    /// <summary>The negatives with and without a skin fold.</summary>
    public IReadOnlyList<SubgroupResult> SkinFolds { get; init; } = [];
}

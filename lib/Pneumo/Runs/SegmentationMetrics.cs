using Pneumo.Metrics;
using Pneumo.Segmentation;
using Pneumo.Training;

namespace Pneumo.Runs;

/// <summary>A segmentation run's <c>metrics.json</c> (<see cref="MetricsFile"/>).</summary>
public sealed record SegmentationMetrics : MetricsFile
{
    /// <summary>A record of <see cref="TrainingTask.Segmentation"/>.</summary>
    public SegmentationMetrics() => Task = TrainingTask.Segmentation;

    /// <summary>The competition's mean Dice over every out-of-fold image.</summary>
    public double Dice { get; init; } = double.NaN;
    /// <summary>Lower bound of its bootstrap 95% interval.</summary>
    public double DiceLower95 { get; init; } = double.NaN;
    /// <summary>Upper bound.</summary>
    public double DiceUpper95 { get; init; } = double.NaN;
    /// <summary>Mean Dice over the positive images.</summary>
    public double DiceOnPositives { get; init; } = double.NaN;
    /// <summary>Lower bound.</summary>
    public double DiceOnPositivesLower95 { get; init; } = double.NaN;
    /// <summary>Upper bound.</summary>
    public double DiceOnPositivesUpper95 { get; init; } = double.NaN;
    /// <summary>Every fold.</summary>
    public List<SegmentationFoldFigures> Folds { get; init; } = [];

    /// <summary>The record of <paramref name="report"/>.</summary>
    public static SegmentationMetrics From(SegmentationReport report) => new()
    {
        Dice = report.Dice.Estimate, DiceLower95 = report.Dice.Lower, DiceUpper95 = report.Dice.Upper,
        DiceOnPositives = report.DiceOnPositives.Estimate, DiceOnPositivesLower95 = report.DiceOnPositives.Lower,
            DiceOnPositivesUpper95 = report.DiceOnPositives.Upper,
        Auc = report.Auc.Estimate, AucLower95 = report.Auc.Lower, AucUpper95 = report.Auc.Upper,
        Folds = report.Folds.Select(f => new SegmentationFoldFigures(f.Fold, f.Images, f.Positives, f.Dice, f.DiceOnPositives, f.Auc, f.Decision,
            f.ValidationDice)).ToList(),
    };

    /// <summary>The engine's report.</summary>
    public SegmentationReport ToReport() => new(new ConfidenceInterval(Dice, DiceLower95, DiceUpper95, 0.95),
        new ConfidenceInterval(DiceOnPositives, DiceOnPositivesLower95, DiceOnPositivesUpper95, 0.95), new ConfidenceInterval(Auc, AucLower95, AucUpper95,
            0.95),
        Folds.Select(f => new FoldSegmentation(f.Fold, f.Images, f.Positives, f.Dice, f.DiceOnPositives, f.Auc, f.Triplet, f.ValidationDice)).ToList());
}

/// <summary>One fold of a segmentation run in <c>metrics.json</c>.</summary>
/// <param name="Fold">The fold.</param>
/// <param name="Images">Out-of-fold images.</param>
/// <param name="Positives">Among them with a pneumothorax.</param>
/// <param name="Dice">Mean Dice.</param>
/// <param name="DiceOnPositives">Mean Dice over the positives.</param>
/// <param name="Auc">Image-level AUC.</param>
/// <param name="Triplet">The decision chosen on the inner validation.</param>
/// <param name="ValidationDice">The mean Dice it reached there.</param>
public sealed record SegmentationFoldFigures(int Fold, int Images, int Positives, double Dice, double DiceOnPositives, double Auc, MaskDecision Triplet,
    double ValidationDice);

using Pneumo.Data;

namespace Pneumo.Metrics;

/// <summary>
/// Lesion-size bands: the positives split by their mask's share of the image at the real SIIM-ACR quartiles (below 0.4%,
/// 0.4% to 1.8%, above 1.8%: the 25th and 75th percentiles of the real label file), each scored against all negatives.
/// Small pneumothoraces are the ones classifiers miss; the bands exist for any data with masks, the Kaggle set included.
/// </summary>
public static class LesionSizeBands
{
    /// <summary>The band names, smallest first.</summary>
    public static readonly IReadOnlyList<string> Names = ["below 0.4%", "0.4% to 1.8%", "above 1.8%"];

    /// <summary>The band of a positive image's mask covering <paramref name="share"/> of the image.</summary>
    public static string Of(double share) => share < 0.004 ? Names[0] : share <= 0.018 ? Names[1] : Names[2];

    /// <summary>The mask's share of the image of <paramref name="row"/>, or null without a mask or size.</summary>
    public static double? ShareOf(ImageMetadata row) =>
        row.MaskArea is { } area && row.Rows is int rows and > 0 && row.Columns is int columns and > 0 ? (double)area / ((long)rows * columns) : null;

    /// <summary>AUC (with CI) and sensitivity at each fold's threshold of each band's positives against all negatives.</summary>
    public static IReadOnlyList<SubgroupResult> Compute(IReadOnlyList<OutOfFoldPrediction> predictions, IReadOnlyDictionary<string, ImageMetadata> rows,
        Func<OutOfFoldPrediction, double> threshold, int seed = 1) =>
        SubgroupAnalysis.PositiveStrata("lesion size", predictions,
            p => rows.TryGetValue(p.ImageId, out var row) && ShareOf(row) is { } share && share > 0 ? Of(share) : null, Names, threshold, seed);
}

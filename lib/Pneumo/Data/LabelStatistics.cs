using Pneumo.Masks;

namespace Pneumo.Data;

/// <summary>
/// Counts of a label file, as <c>pneumo labels stats --json</c> prints them. For the Kaggle stage-2 file: 12,954 rows,
/// 12,047 images, 2,669 positive, 9,378 negative, 3,576 positive rows, 624 multi-row, 183 overlapping.
/// </summary>
/// <param name="Rows">Data rows.</param>
/// <param name="Images">Distinct images.</param>
/// <param name="PositiveImages">Images with at least one mask row.</param>
/// <param name="NegativeImages">Images with only <c>-1</c> rows.</param>
/// <param name="PositiveRows">Mask rows.</param>
/// <param name="MultiRowImages">Images with more than one row.</param>
/// <param name="OverlappingImages">Images whose regions overlap (the union is smaller than the sum).</param>
/// <param name="MaskPixels">Sum over images of the union mask area.</param>
public sealed record LabelStatistics(int Rows, int Images, int PositiveImages, int NegativeImages, int PositiveRows,
    int MultiRowImages, int OverlappingImages, long MaskPixels)
{
    /// <summary>Computes the counts; malformed values throw <see cref="LabelFileException"/> naming the line.</summary>
    public static LabelStatistics Compute(LabelFile labels, int width = 1024, int height = 1024)
    {
        int positive = 0, negative = 0, multi = 0, overlapping = 0;
        long pixels = 0;
        foreach (var id in labels.ImageIds)
        {
            var rows = labels.RowsOf(id);
            if (rows.Count > 1) multi++;
            if (rows.Any(r => r.IsPositive))
            {
                positive++;
                var (union, overlap) = RunLengthMask.Union(labels.RegionsOf(id, width, height));
                pixels += union;
                if (overlap) overlapping++;
            }
            else negative++;
        }
        return new LabelStatistics(labels.Rows.Count, labels.ImageCount, positive, negative, labels.Rows.Count(r => r.IsPositive), multi, overlapping, pixels);
    }
}

using Pneumo.Data;
using Pneumo.Synthesis;
using Xunit.Abstractions;

namespace Pneumo.Tests.Synthesis;

/// <summary>
/// Generator version 3's lesions against the real SIIM-ACR label file: the union mask area of every positive image of a
/// generated 500-image sample, read back from its own <c>train-rle.csv</c>, has its 5th to 95th percentiles within a
/// factor 1.5 of the real ones, and the region counts follow the real frequencies.
/// </summary>
public class LesionPlannerTests(ITestOutputHelper output)
{
    [Fact]
    public void Version3Sample_LesionAreasAndRegionCounts_MatchTheRealLabels()
    {
        using var tmp = TestFiles.NewTempFolder();
        const int size = 256;
        SyntheticDataset.Generate(tmp.Path, new SyntheticOptions(Count: 500, Size: size, PlantQuirks: false, Version: 3));
        var labels = LabelFile.Read(Path.Combine(tmp.Path, "train-rle.csv"));
        var positives = labels.ImageIds.Where(id => labels.RowsOf(id).Any(r => r.IsPositive)).ToList();
        var areas = positives.Select(id => (double)labels.MaskOf(id, size, size).Pixels.Count(p => p != 0) / (size * size)).Order().ToArray();
        static double Percentile(double[] sorted, int p)
        {
            double rank = p / 100.0 * (sorted.Length - 1);
            int lo = (int)rank;
            return lo + 1 < sorted.Length ? sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (rank - lo) : sorted[lo];
        }
        var failures = new List<string>();
        foreach (var (p, real) in LesionPlanner.RealAreaPercentiles)
        {
            double ours = Percentile(areas, p);
            output.WriteLine(FormattableString.Invariant($"percentile {p}: ours {ours:P2}, real {real:P2}, ratio {ours / real:F2}"));
            if (ours / real is < 1 / 1.5 or > 1.5) failures.Add(FormattableString.Invariant($"percentile {p}: {ours:P2} against the real {real:P2}"));
        }
        var counts = positives.Select(id => labels.RowsOf(id).Count).ToList();
        double single = counts.Count(c => c == 1) / (double)counts.Count, two = counts.Count(c => c == 2) / (double)counts.Count;
        output.WriteLine(FormattableString.Invariant($"{positives.Count} positives; regions 1: {single:P0}, 2: {two:P0}, 3+: {1 - single - two:P0}, max {counts.Max()}"));
        Assert.InRange(positives.Count, 100, 120); // 22% of 500
        Assert.Empty(failures);
        Assert.InRange(single, 0.67, 0.87);          // real 77%
        Assert.InRange(two, 0.09, 0.25);             // real 17%
        Assert.InRange(counts.Max(), 3, 6);          // real 1 to 6
    }
}

using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis;

/// <summary>
/// Sizes and places the pneumothorax regions of a positive film the way the real labels are distributed (generator
/// version 3). The real figures, measured on the SIIM-ACR stage-2 <c>train-rle.csv</c> (12,047 images, 2,669 positive;
/// the project's shared SIIM-FORMAT notes): the union of an image's regions covers 0.13%, 0.19%, 0.40%, 0.84%, 1.78%,
/// 3.30% and 4.60% of the 1024 x 1024 image at the 5th, 10th, 25th, 50th, 75th, 90th and 95th percentiles, and a positive
/// image has 1 region in 77% of cases, 2 in 17%, 3 in 4% and 4 to 6 in 2%. A log-normal through the median and the 95th
/// percentile reproduces every listed percentile within 20%; each film's total area is drawn from it and shared out
/// among its regions, each a rim along the chest wall whose extent is found by bisection on the film's own lung geometry
/// (<see cref="ChestRadiograph.RegionArea"/>).
/// </summary>
public static class LesionPlanner
{
    /// <summary>The real percentiles of the lesion area (share of the image), keyed by percentile.</summary>
    public static readonly IReadOnlyDictionary<int, double> RealAreaPercentiles = new Dictionary<int, double>
    {
        [5] = 0.0013, [10] = 0.0019, [25] = 0.0040, [50] = 0.0084, [75] = 0.0178, [90] = 0.0330, [95] = 0.0460,
    };

    /// <summary>The real shares of positive images with 1, 2, 3, 4, 5 and 6 regions (2,045, 447, 112, 40, 18, 3 of 2,665).</summary>
    public static readonly IReadOnlyList<double> RealRegionCountShares = [2045 / 2665.0, 447 / 2665.0, 112 / 2665.0, 40 / 2665.0, 18 / 2665.0, 3 / 2665.0];

    private static readonly double Mu = Math.Log(RealAreaPercentiles[50]);
    private static readonly double Sigma = (Math.Log(RealAreaPercentiles[95]) - Mu) / 1.6448536269514722;

    /// <summary>
    /// The regions of a positive film of <paramref name="film"/> (its size, view, sex, age and seed; its regions are
    /// ignored), drawn with <paramref name="rng"/>: their number, total area and sites as described above; supine AP
    /// films also get basal (deep sulcus) regions.
    /// </summary>
    public static IReadOnlyList<PneumothoraxRegion> Plan(ChestFilmSpec film, Random rng)
    {
        double total = Math.Clamp(Math.Exp(Mu + Sigma * Gaussian(rng)), 0.0006, 0.12);
        int count = 1;
        for (double u = rng.NextDouble(), sum = RealRegionCountShares[0]; u > sum && count < RealRegionCountShares.Count; sum += RealRegionCountShares[count++]) { }
        bool right = rng.NextDouble() < 0.55;
        bool ap = film.ViewPosition == "AP";
        var weights = Enumerable.Range(0, count).Select(_ => 0.3 + rng.NextDouble()).ToArray();
        double weightSum = weights.Sum();
        var regions = new List<PneumothoraxRegion>(count);
        for (int j = 0; j < count; j++)
        {
            // sites: erect PA films collect air at the apex, supine AP films also at the base (deep sulcus); extra regions
            // take the next sites along the wall, at spread-out angles, so they stay apart as separate components do
            double s = rng.NextDouble();
            var site = ap ? (s < 0.35 ? PneumothoraxSite.Apical : s < 0.65 ? PneumothoraxSite.Lateral : PneumothoraxSite.Basal)
                : s < 0.6 ? PneumothoraxSite.Apical : PneumothoraxSite.Lateral;
            double offset = count == 1 ? 0.3 * (rng.NextDouble() - 0.5) : (j - (count - 1) / 2.0) * 0.55 + 0.1 * (rng.NextDouble() - 0.5);
            double maxExtent = count == 1 ? 1.4 : 0.45;
            regions.Add(Fit(film, new PneumothoraxRegion(right, site, 0, 0, offset), total * weights[j] / weightSum, maxExtent));
        }
        return regions;
    }

    /// <summary>
    /// The region whose mask covers <paramref name="area"/> of the image: a rim along the chest wall, as a pneumothorax is,
    /// its depth growing with the square root of its area (a small one is a thin sliver, a large one a deep band), and its
    /// extent along the wall found by bisection; the depth gives way only when the extent alone cannot reach the area.
    /// </summary>
    private static PneumothoraxRegion Fit(ChestFilmSpec film, PneumothoraxRegion region, double area, double maxExtent)
    {
        double Area(PneumothoraxRegion r) => ChestRadiograph.RegionArea(film, r);
        region = region with { Depth = Math.Clamp(1.3 * Math.Sqrt(area), 0.03, 0.6) };
        if (Area(region with { Extent = maxExtent }) < area)
        {
            // not enough wall: deepen at the widest extent
            region = region with { Extent = maxExtent };
            return region with { Depth = Bisect(region.Depth, 0.85, d => Area(region with { Depth = d }), area) };
        }
        if (Area(region with { Extent = 0.02 }) > area)
        {
            // too much even as a short arc: thin it
            region = region with { Extent = 0.15 };
            return region with { Depth = Bisect(0.01, region.Depth, d => Area(region with { Depth = d }), area) };
        }
        return region with { Extent = Bisect(0.02, maxExtent, e => Area(region with { Extent = e }), area) };
    }

    /// <summary>The value in [<paramref name="lo"/>, <paramref name="hi"/>] where the increasing <paramref name="area"/> reaches <paramref name="target"/> (12 halvings).</summary>
    private static double Bisect(double lo, double hi, Func<double, double> area, double target)
    {
        for (int i = 0; i < 12; i++)
        {
            double mid = (lo + hi) / 2;
            if (area(mid) < target) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }
}

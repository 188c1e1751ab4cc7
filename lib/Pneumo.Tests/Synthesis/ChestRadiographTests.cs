using Pneumo.Synthesis;

namespace Pneumo.Tests.Synthesis;

/// <summary>Version 3 films: reproducible, a pneumothorax subtle but present, devices drawn where planned.</summary>
public class ChestRadiographTests
{
    private static readonly ChestFilmSpec Normal = new(512, "PA", "M", 50, [], Seed: 77);

    [Fact]
    public void Render_SameSpec_SamePixels_OtherSeed_OtherFilm()
    {
        var a = ChestRadiograph.Render(Normal, FilmDevices.None);
        var b = ChestRadiograph.Render(Normal, FilmDevices.None);
        var c = ChestRadiograph.Render(Normal with { Seed = 78 }, FilmDevices.None);
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.NotEqual(a.Pixels, c.Pixels);
    }

    [Fact]
    public void Render_Pneumothorax_IsOnlySlightlyDarkerAndFreeOfMarkings()
    {
        // the same film with and without a moderate right apical pneumothorax: inside the region the film is darker, but
        // by a few grey levels only (not v2's black crescent), and its vessels and texture are gone
        var region = new PneumothoraxRegion(true, PneumothoraxSite.Apical, 0.3, 0.9, 0);
        var normal = ChestRadiograph.Render(Normal, FilmDevices.None);
        var sick = ChestRadiograph.Render(Normal with { Regions = [region] }, FilmDevices.None);
        var mask = sick.RegionMasks[0];
        Assert.InRange(mask.Area / (512.0 * 512), 0.002, 0.05);
        Assert.True(mask.BoundingBox()!.Value.Right < 256, "a right-lung pneumothorax lies on the left of the image");
        var inside = Enumerable.Range(0, mask.Pixels.Length).Where(i => mask.Pixels[i] == 1).ToList();
        double Mean(byte[] p) => inside.Average(i => (double)p[i]);
        // the region's core, 4 px from its edges (the pleural line and the chest wall are edges, not texture)
        var core = inside.Where(i => new[] { -4, 4, -4 * 512, 4 * 512 }.All(d => i + d >= 0 && i + d < mask.Pixels.Length && mask.Pixels[i + d] == 1)).ToList();
        Assert.True(core.Count > 200, $"{core.Count} core pixels");
        // what the lesion took away: a uniform lucency would darken the core evenly; the vessels and texture it removed make
        // the loss vary from pixel to pixel (the noise is the same in both films: same seed)
        var loss = core.Select(i => (double)normal.Pixels[i] - sick.Pixels[i]).ToList();
        double lossMean = loss.Average(), lossSpread = Math.Sqrt(loss.Average(d => (d - lossMean) * (d - lossMean)));
        double darker = Mean(normal.Pixels) - Mean(sick.Pixels);
        Assert.InRange(darker, 2, 30);
        Assert.True(lossSpread > 1.5, $"the darkening varies by {lossSpread:F2} grey levels: markings removed");
        var outside = Enumerable.Range(0, mask.Pixels.Length).Where(i => mask.Pixels[i] == 0 && i % 512 > 300).ToList();
        Assert.True(outside.Average(i => Math.Abs(sick.Pixels[i] - normal.Pixels[i])) < 0.5, "the other lung does not change");
    }

    [Fact]
    public void Render_Drain_IsDrawnOnItsSide()
    {
        var bare = ChestRadiograph.Render(Normal, FilmDevices.None);
        foreach (bool right in new[] { true, false })
        {
            var drained = ChestRadiograph.Render(Normal, new FilmDevices(ChestDrain: true, DrainOnRight: right));
            int leftHalf = 0, rightHalf = 0;
            for (int i = 0; i < bare.Pixels.Length; i++)
                if (drained.Pixels[i] > bare.Pixels[i] + 8)
                {
                    if (i % 512 < 256) leftHalf++;
                    else rightHalf++;
                }
            // the patient's right is the image's left
            Assert.True(right ? leftHalf > 20 * (rightHalf + 1) : rightHalf > 20 * (leftHalf + 1),
                $"right {right}: {leftHalf} changed on the left, {rightHalf} on the right");
        }
    }

    [Fact]
    public void Render_SkinFold_IsAnEdgeThatCrossesTheLungMargin()
    {
        var bare = ChestRadiograph.Render(Normal, FilmDevices.None);
        var fold = ChestRadiograph.Render(Normal, new FilmDevices(SkinFold: true));
        var rows = Enumerable.Range(0, 512).Where(r => Enumerable.Range(0, 512).Any(c => fold.Pixels[r * 512 + c] > bare.Pixels[r * 512 + c] + 4)).ToList();
        Assert.NotEmpty(rows);
        Assert.True(rows.Max() - rows.Min() > 512 / 4, $"the fold spans rows {rows.Min()} to {rows.Max()}");
        Assert.Equal(ChestRadiograph.Render(Normal, FilmDevices.None).Pixels, bare.Pixels);
    }

    [Fact]
    public void DevicePlanner_DrainsInMostPositivesOnTheirSide_SkinFoldsOnNegativesOnly()
    {
        var rng = new Random(11);
        var lesion = new PneumothoraxRegion(false, PneumothoraxSite.Lateral, 0.2, 0.5, 0);
        var positives = Enumerable.Range(0, 4000).Select(i => DevicePlanner.Plan(i % 2 == 0, [lesion], rng)).ToList();
        var negatives = Enumerable.Range(0, 4000).Select(i => DevicePlanner.Plan(i % 2 == 0, [], rng)).ToList();
        Assert.InRange(positives.Count(d => d.ChestDrain) / 4000.0, DevicePlanner.DrainInPositives - 0.03, DevicePlanner.DrainInPositives + 0.03);
        Assert.InRange(negatives.Count(d => d.ChestDrain) / 4000.0, DevicePlanner.DrainInNegatives - 0.015, DevicePlanner.DrainInNegatives + 0.015);
        Assert.All(positives.Where(d => d.ChestDrain), d => Assert.False(d.DrainOnRight)); // the lesion is in the left lung
        Assert.DoesNotContain(positives, d => d.SkinFold);
        Assert.InRange(negatives.Count(d => d.SkinFold) / 4000.0, 0.05, 0.11); // 12% of AP, 4% of PA negatives
    }
}

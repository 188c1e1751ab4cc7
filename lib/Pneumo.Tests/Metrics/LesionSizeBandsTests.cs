using Pneumo.Data;
using Pneumo.Metrics;

namespace Pneumo.Tests.Metrics;

/// <summary>Lesion-size bands: each band's positives against every negative, banded at the real quartiles.</summary>
public class LesionSizeBandsTests
{
    private static ImageMetadata Row(string id, int label, long? area) =>
        new(id, id + ".dcm", "50", 50, "M", "PA", "CR", "CHEST", 1000, 1000, 0.14, 0.14, "MONOCHROME2", "1.2.840.10008.1.2.4.50", "JPEG", 1000, label,
            label, area, id);

    [Fact]
    public void Bands_ScoreEachBandsPositivesAgainstAllNegatives()
    {
        // shares of a 1000 x 1000 image: 0.2% (small), 1% (medium), 3% (large); the model scores small lesions like negatives
        var rows = new Dictionary<string, ImageMetadata>();
        var predictions = new List<OutOfFoldPrediction>();
        var rng = new Random(3);
        for (int i = 0; i < 60; i++)
        {
            rows[$"n{i}"] = Row($"n{i}", 0, null);
            predictions.Add(new OutOfFoldPrediction($"n{i}", i % 3, 0, 0.5 * rng.NextDouble()));
        }
        foreach (var (band, area, low) in new[] { ("s", 2_000L, 0.0), ("m", 10_000L, 0.3), ("l", 30_000L, 0.5) })
            for (int i = 0; i < 10; i++)
            {
                rows[$"{band}{i}"] = Row($"{band}{i}", 1, area);
                predictions.Add(new OutOfFoldPrediction($"{band}{i}", i % 3, 1, low + 0.5 * rng.NextDouble()));
            }
        var bands = LesionSizeBands.Compute(predictions, rows, _ => 0.5);
        Assert.Equal(LesionSizeBands.Names, bands.Select(b => b.Value));
        Assert.All(bands, b => Assert.Equal((70, 10), (b.Images, b.Positives))); // every negative in every band
        Assert.InRange(bands[0].Auc.Estimate, 0.3, 0.7);                         // small lesions: near chance
        Assert.True(bands[1].Auc.Estimate > bands[0].Auc.Estimate + 0.2);
        Assert.Equal(1.0, bands[2].Auc.Estimate);                                // large: all above every negative
        Assert.Equal(10, bands[2].AtThreshold.TruePositives);
        Assert.Equal("below 0.4%", LesionSizeBands.Of(0.0039));
        Assert.Equal("0.4% to 1.8%", LesionSizeBands.Of(0.018));
        Assert.Equal("above 1.8%", LesionSizeBands.Of(0.0181));
    }
}

using Pneumo.Metrics;

namespace Pneumo.Tests.Metrics;

/// <summary>The hidden strata: drained and undrained positives against all negatives; false positives on skin folds.</summary>
public class ConfounderStrataTests
{
    [Fact]
    public void Drains_AModelThatLearntTheDrain_FindsDrainedPositivesOnly()
    {
        var rng = new Random(4);
        var predictions = new List<OutOfFoldPrediction>();
        var drain = new Dictionary<string, bool>();
        var fold = new Dictionary<string, bool>();
        for (int i = 0; i < 80; i++)
        {
            // a skin fold on every fourth negative, which the model scores high half the time
            fold[$"n{i}"] = i % 4 == 0;
            drain[$"n{i}"] = false;
            double score = fold[$"n{i}"] && i % 8 == 0 ? 0.8 : 0.45 * rng.NextDouble();
            predictions.Add(new OutOfFoldPrediction($"n{i}", i % 5, 0, score));
        }
        for (int i = 0; i < 30; i++)
        {
            drain[$"p{i}"] = i < 18;
            fold[$"p{i}"] = false;
            predictions.Add(new OutOfFoldPrediction($"p{i}", i % 5, 1, i < 18 ? 0.6 + 0.4 * rng.NextDouble() : 0.45 * rng.NextDouble()));
        }
        predictions.Add(new OutOfFoldPrediction("unlabelled", 0, 1, 0.99)); // no device labels: left out
        bool? Drain(string id) => drain.TryGetValue(id, out var d) ? d : null;
        bool? Fold(string id) => fold.TryGetValue(id, out var f) ? f : null;

        var strata = ConfounderStrata.Drains(predictions, Drain, _ => 0.5);
        Assert.Equal(ConfounderStrata.DrainStrata, strata.Select(s => s.Value));
        Assert.Equal((80 + 18, 18), (strata[0].Images, strata[0].Positives));
        Assert.Equal((80 + 12, 12), (strata[1].Images, strata[1].Positives));
        Assert.True(strata[0].Auc.Estimate > 0.9, $"drained positives: {strata[0].Auc.Estimate}");
        Assert.True(strata[1].Auc.Estimate < 0.7, $"undrained positives: {strata[1].Auc.Estimate}"); // scored like negatives
        Assert.True(strata[0].Auc.Lower > strata[1].Auc.Upper);

        var folds = ConfounderStrata.SkinFolds(predictions, Fold, _ => 0.5);
        Assert.Equal(ConfounderStrata.SkinFoldGroups, folds.Select(g => g.Value));
        Assert.Equal((20, 10), (folds[0].Images, folds[0].AtThreshold.FalsePositives));
        Assert.Equal((60, 0), (folds[1].Images, folds[1].AtThreshold.FalsePositives));
        var rate = ConfounderStrata.FalsePositiveRate(folds[0]);
        Assert.Equal(0.5, rate.Estimate, 9);
        Assert.InRange(rate.Lower, 0.28, 0.32); // Wilson 95% for 10 of 20: 0.299 to 0.701
        Assert.InRange(rate.Upper, 0.68, 0.72);
    }
}

using Pneumo.Data;
using Pneumo.Metrics;
using Pneumo.Training;

namespace Pneumo.Baselines;

/// <summary>One image as the baselines see it.</summary>
/// <param name="ImageId">The image.</param>
/// <param name="Label">0 or 1.</param>
/// <param name="Fold">The fold that holds it out.</param>
/// <param name="Entry">Its refined-cache entry.</param>
/// <param name="Metadata">Its encoded metadata (<see cref="MetadataEncoding"/>).</param>
public sealed record BaselineSample(string ImageId, int Label, int Fold, RefinedEntry Entry, float[] Metadata);

/// <summary>
/// The simple models a reader asks for beside a CNN, trained and scored on the same folds (each fold's model fitted
/// on all the other folds' images): logistic regression on the mean intensity of the film, on a 32×32 thumbnail
/// (1,024 pixels), and on the metadata alone (age, sex, view position). Each image is read from the cache once.
/// </summary>
public static class SimpleBaselines
{
    /// <summary>Side of the thumbnail.</summary>
    public const int ThumbnailSide = 32;

    /// <summary>
    /// Computes every baseline; <paramref name="seed"/> seeds the bootstrap. With <paramref name="modelScores"/> (the
    /// model's out-of-fold scores, in the order of <paramref name="samples"/>) each baseline is also compared with the
    /// model by DeLong's paired test.
    /// </summary>
    public static IReadOnlyList<BaselineResult> Compute(RefinedCache cache, IReadOnlyList<BaselineSample> samples, int seed, IReadOnlyList<double>? modelScores = null)
    {
        if (modelScores is not null && modelScores.Count != samples.Count) throw new ArgumentException($"{modelScores.Count} model scores for {samples.Count} samples", nameof(modelScores));
        var thumbnails = new double[samples.Count][];
        var means = new double[samples.Count][];
        Parallel.For(0, samples.Count, i =>
        {
            var pixels = new byte[cache.Size * cache.Size];
            cache.ReadImage(samples[i].Entry, pixels);
            thumbnails[i] = Thumbnail(pixels, cache.Size, ThumbnailSide);
            means[i] = [thumbnails[i].Average()];
        });
        var metadata = samples.Select(s => s.Metadata.Select(v => (double)v).ToArray()).ToArray();
        return
        [
            Evaluate("meanIntensity", "logistic regression on the film's mean intensity", means, samples, seed, modelScores),
            Evaluate("thumbnailLogistic", $"logistic regression on a {ThumbnailSide}x{ThumbnailSide} thumbnail", thumbnails, samples, seed, modelScores),
            Evaluate("metadataOnly", "logistic regression on age, sex and view position", metadata, samples, seed, modelScores),
        ];
    }

    /// <summary>Block means of a square 8-bit image down to <paramref name="side"/>² values in [0, 1].</summary>
    public static double[] Thumbnail(ReadOnlySpan<byte> pixels, int size, int side)
    {
        var sums = new double[side * side];
        var counts = new int[side * side];
        for (int y = 0; y < size; y++)
        {
            int ty = y * side / size;
            for (int x = 0; x < size; x++)
            {
                int t = ty * side + x * side / size;
                sums[t] += pixels[y * size + x];
                counts[t]++;
            }
        }
        for (int i = 0; i < sums.Length; i++) sums[i] = sums[i] / Math.Max(1, counts[i]) / 255.0;
        return sums;
    }

    private static BaselineResult Evaluate(string name, string description, double[][] features, IReadOnlyList<BaselineSample> samples, int seed, IReadOnlyList<double>? modelScores)
    {
        var scores = new double[samples.Count];
        var foldAucs = new List<double>();
        foreach (int fold in samples.Select(s => s.Fold).Distinct().Order())
        {
            var train = Enumerable.Range(0, samples.Count).Where(i => samples[i].Fold != fold).ToArray();
            var test = Enumerable.Range(0, samples.Count).Where(i => samples[i].Fold == fold).ToArray();
            var model = LogisticRegression.Fit(train.Select(i => features[i]).ToArray(), train.Select(i => samples[i].Label).ToArray());
            foreach (int i in test) scores[i] = model.Logit(features[i]);
            foldAucs.Add(MetricWarnings.AucOrNaN(test.Select(i => scores[i]).ToArray(), test.Select(i => samples[i].Label).ToArray(), $"{name} baseline, fold {fold}"));
        }
        var labels = samples.Select(s => s.Label).ToArray();
        return new BaselineResult(name, description, BootstrapInterval.Compute(scores, labels, RocCurve.AreaUnder, 2000, 0.95, seed), foldAucs)
        {
            VersusModel = modelScores is not null && labels.Count(l => l == 1) >= 2 && labels.Count(l => l != 1) >= 2 ? DeLongTest.Compare(modelScores, scores, labels) : null,
        };
    }
}

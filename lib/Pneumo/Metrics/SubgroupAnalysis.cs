using Pneumo.Data;

namespace Pneumo.Metrics;

/// <summary>
/// Performance by subgroup, the first table a reader of a radiology-AI paper looks for: for each view position, sex
/// and age band (<see cref="AgeBand"/>), the AUC with a bootstrap CI and sensitivity and specificity at the run's
/// threshold, computed on the out-of-fold predictions. Images whose value is missing form no group.
/// </summary>
public static class SubgroupAnalysis
{
    /// <summary>The variables analysed, in order.</summary>
    public static readonly IReadOnlyList<string> Variables = ["ViewPosition", "PatientSex", "AgeBand"];

    /// <summary>The group of <paramref name="row"/> for <paramref name="variable"/>; null when missing.</summary>
    public static string? GroupOf(ImageMetadata row, string variable) => variable switch
    {
        "ViewPosition" => row.ViewPosition is { Length: > 0 } v ? v : null,
        "PatientSex" => row.PatientSex is { Length: > 0 } s ? s : null,
        "AgeBand" => AgeBand.Of(row.PatientAge),
        _ => throw new ArgumentException($"unknown subgroup variable '{variable}' (known: {string.Join(", ", Variables)})", nameof(variable)),
    };

    /// <summary>
    /// The subgroups of <paramref name="predictions"/>; <paramref name="threshold"/> gives each prediction's operating
    /// threshold (its fold's), <paramref name="rows"/> the metadata of every image.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A prediction's image has no metadata row.</exception>
    public static IReadOnlyList<SubgroupResult> Compute(IReadOnlyList<OutOfFoldPrediction> predictions, IReadOnlyDictionary<string, ImageMetadata> rows,
        Func<OutOfFoldPrediction, double> threshold, int seed = 1, int resamples = 1000) =>
        Variables.SelectMany(v => ComputeBy(v, predictions, p => GroupOf(Row(rows, p.ImageId), v), threshold, seed, resamples)).ToList();

    /// <summary>
    /// The subgroups of any grouping of the images (e.g. films with and without ECG leads, from the synthetic sample's
    /// record); predictions whose group is null are left out. Age bands come in age order, other groups alphabetically.
    /// </summary>
    public static IReadOnlyList<SubgroupResult> ComputeBy(string variable, IReadOnlyList<OutOfFoldPrediction> predictions, Func<OutOfFoldPrediction, string?> group,
        Func<OutOfFoldPrediction, double> threshold, int seed = 1, int resamples = 1000)
    {
        var results = new List<SubgroupResult>();
        var groups = predictions.Select(p => (Prediction: p, Group: group(p))).Where(x => x.Group is not null).GroupBy(x => x.Group!)
            .OrderBy(g => variable == "AgeBand" ? AgeBand.Names.ToList().IndexOf(g.Key) : 0).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var g in groups) results.Add(Of(variable, g.Key, g.Select(x => x.Prediction).ToList(), threshold, seed, resamples));
        return results;
    }

    /// <summary>
    /// Strata of the positives against all the negatives, as the hidden-stratification literature measures them (e.g.
    /// lesion-size bands, positives with and without a chest drain): for each value of <paramref name="order"/>, the AUC
    /// of the positives whose <paramref name="stratum"/> it is against every negative, and the sensitivity at each fold's
    /// threshold. Positives without a stratum are left out; strata without positives get NaN.
    /// </summary>
    public static IReadOnlyList<SubgroupResult> PositiveStrata(string variable, IReadOnlyList<OutOfFoldPrediction> predictions,
        Func<OutOfFoldPrediction, string?> stratum, IReadOnlyList<string> order, Func<OutOfFoldPrediction, double> threshold, int seed = 1, int resamples = 1000)
    {
        var negatives = predictions.Where(p => p.Label == 0).ToList();
        return order.Select(value => Of(variable, value, [.. negatives, .. predictions.Where(p => p.Label == 1 && stratum(p) == value)], threshold, seed, resamples))
            .ToList();
    }

    private static SubgroupResult Of(string variable, string value, IReadOnlyList<OutOfFoldPrediction> subset, Func<OutOfFoldPrediction, double> threshold,
        int seed, int resamples)
    {
        var scores = subset.Select(p => p.Probability).ToArray();
        var labels = subset.Select(p => p.Label).ToArray();
        int positives = labels.Count(l => l == 1);
        var auc = positives > 0 && positives < labels.Length
            ? BootstrapInterval.Compute(scores, labels, RocCurve.AreaUnder, resamples, 0.95, seed)
            : new ConfidenceInterval(double.NaN, double.NaN, double.NaN, 0.95);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var p in subset)
        {
            bool called = p.Probability >= threshold(p);
            if (p.Label == 1) { if (called) tp++; else fn++; }
            else if (called) fp++; else tn++;
        }
        return new SubgroupResult(variable, value, labels.Length, positives, auc, new ConfusionMatrix(double.NaN, tp, fp, tn, fn));
    }

    private static ImageMetadata Row(IReadOnlyDictionary<string, ImageMetadata> rows, string imageId) =>
        rows.TryGetValue(imageId, out var row) ? row : throw new KeyNotFoundException($"{imageId}: an out-of-fold prediction without a row in the run's clean table");
}

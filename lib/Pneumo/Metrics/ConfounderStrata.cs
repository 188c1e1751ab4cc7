namespace Pneumo.Metrics;

/// <summary>
/// The hidden strata the literature measures (Oakden-Rayner et al. 2020): the positives with a chest drain and those
/// without one, each scored against all negatives (a classifier that learnt the drain finds the first and misses the
/// second), and the false-positive rate on negatives with and without a skin fold (a pleural-line mimic). Needs
/// per-image device labels: the synthetic sample records them; the Kaggle SIIM-ACR labels have none.
/// </summary>
public static class ConfounderStrata
{
    /// <summary>What the study says in place of the strata when the data carry no device labels.</summary>
    public const string Unavailable = "not available: these data carry no per-image device labels (the Kaggle SIIM-ACR labels have none)";

    /// <summary>The drain strata, in order.</summary>
    public static readonly IReadOnlyList<string> DrainStrata = ["with a chest drain", "without a chest drain"];

    /// <summary>The skin-fold groups of the negatives, in order.</summary>
    public static readonly IReadOnlyList<string> SkinFoldGroups = ["with a skin fold", "without a skin fold"];

    /// <summary>
    /// AUC (with CI) and sensitivity at each fold's threshold of the positives with and without a drain against all
    /// negatives; <paramref name="hasDrain"/> is null for images without device labels (left out).
    /// </summary>
    public static IReadOnlyList<SubgroupResult> Drains(IReadOnlyList<OutOfFoldPrediction> predictions, Func<string, bool?> hasDrain,
        Func<OutOfFoldPrediction, double> threshold, int seed = 1) =>
        SubgroupAnalysis.PositiveStrata("chest drain", predictions,
            p => hasDrain(p.ImageId) is { } drain ? DrainStrata[drain ? 0 : 1] : null, DrainStrata, threshold, seed);

    /// <summary>The negatives with and without a skin fold and their false positives at each fold's threshold.</summary>
    public static IReadOnlyList<SubgroupResult> SkinFolds(IReadOnlyList<OutOfFoldPrediction> predictions, Func<string, bool?> hasSkinFold,
        Func<OutOfFoldPrediction, double> threshold, int seed = 1)
    {
        var negatives = predictions.Where(p => p.Label == 0).ToList();
        var groups = SubgroupAnalysis.ComputeBy("negatives", negatives,
            p => hasSkinFold(p.ImageId) is { } fold ? SkinFoldGroups[fold ? 0 : 1] : null, threshold, seed);
        return SkinFoldGroups.Select(g => groups.FirstOrDefault(r => r.Value == g)).OfType<SubgroupResult>().ToList();
    }

    /// <summary>The false-positive rate of a group of negatives with its 95% Wilson interval.</summary>
    public static ConfidenceInterval FalsePositiveRate(SubgroupResult negatives) =>
        WilsonInterval.Compute(negatives.AtThreshold.FalsePositives, negatives.AtThreshold.FalsePositives + negatives.AtThreshold.TrueNegatives);
}

namespace Pneumo.Folds;

/// <summary>One sample to split: its ID, class label and group (patient).</summary>
/// <param name="Id">ImageId.</param>
/// <param name="Label">0 or 1.</param>
/// <param name="Group">Patient key; samples of one group always land in the same fold.</param>
public sealed record FoldSample(string Id, int Label, string Group);

/// <summary>
/// Stratified group K-fold: every group (patient) in exactly one fold, and each fold's share of positives as close to
/// the overall share as the groups allow. Groups are placed largest first (ties broken by a seeded shuffle) into the
/// fold that keeps the per-class proportions most even, the approach of scikit-learn's StratifiedGroupKFold.
/// With one image per patient (the SIIM data) this is plain stratified K-fold.
/// </summary>
public static class StratifiedGroupKFold
{
    /// <summary>Assigns a fold (0..k-1) to every sample.</summary>
    /// <exception cref="ArgumentException">Fewer groups than folds, or a class with fewer samples than folds.</exception>
    public static IReadOnlyDictionary<string, int> Split(IReadOnlyList<FoldSample> samples, int folds, int seed)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), "at least 2 folds");
        var groups = samples.GroupBy(s => s.Group).Select(g => (Key: g.Key, Items: g.ToList(), Pos: g.Count(s => s.Label == 1), Neg: g.Count(s => s.Label != 1))).ToList();
        if (groups.Count < folds) throw new ArgumentException($"{groups.Count} groups cannot fill {folds} folds");
        int totalPos = groups.Sum(g => g.Pos), totalNeg = groups.Sum(g => g.Neg);
        if (totalPos < folds || totalNeg < folds) throw new ArgumentException($"{totalPos} positives and {totalNeg} negatives: each class needs at least {folds} samples");

        var rng = new Random(seed);
        var order = groups.Select(g => (g, r: rng.NextDouble())).OrderByDescending(x => x.g.Items.Count).ThenByDescending(x => x.g.Pos).ThenBy(x => x.r).Select(x => x.g).ToList();
        var pos = new int[folds];
        var neg = new int[folds];
        var assignment = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in order)
        {
            int best = 0;
            double bestCost = double.MaxValue;
            for (int f = 0; f < folds; f++)
            {
                pos[f] += g.Pos;
                neg[f] += g.Neg;
                double cost = Spread(pos, totalPos) + Spread(neg, totalNeg);
                pos[f] -= g.Pos;
                neg[f] -= g.Neg;
                // even proportions first, then the smaller fold
                if (cost < bestCost - 1e-12 || (Math.Abs(cost - bestCost) <= 1e-12 && pos[f] + neg[f] < pos[best] + neg[best]))
                {
                    best = f;
                    bestCost = cost;
                }
            }
            pos[best] += g.Pos;
            neg[best] += g.Neg;
            foreach (var s in g.Items) assignment[s.Id] = best;
        }
        return assignment;
    }

    private static double Spread(int[] counts, int total)
    {
        if (total == 0) return 0;
        double mean = counts.Average(c => (double)c / total);
        return counts.Sum(c => Math.Pow((double)c / total - mean, 2));
    }
}

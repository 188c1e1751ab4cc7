namespace Pneumo.Segmentation;

/// <summary>
/// The first-place SIIM-ACR rule that turns a probability map into an empty or non-empty mask: the image is positive
/// only when its top pixel reaches <paramref name="TopScore"/>; its mask is then the pixels at or above
/// <paramref name="BottomScore"/>, kept only when at least <paramref name="MinArea"/> of them are. Chosen on the inner
/// validation split (<see cref="Choose"/>), never on out-of-fold images.
/// </summary>
/// <param name="TopScore">Minimum top-pixel probability of a positive image.</param>
/// <param name="MinArea">Minimum mask area in pixels (of the probability map).</param>
/// <param name="BottomScore">Per-pixel threshold of the mask.</param>
public sealed record MaskDecision(double TopScore, int MinArea, double BottomScore)
{
    /// <summary>The mask of <paramref name="probabilities"/> (0/1 bytes, same size).</summary>
    public byte[] Apply(ReadOnlySpan<float> probabilities)
    {
        var mask = new byte[probabilities.Length];
        if (ImageScore(probabilities) < TopScore) return mask;
        int area = 0;
        for (int i = 0; i < probabilities.Length; i++)
            if (probabilities[i] >= BottomScore) { mask[i] = 1; area++; }
        if (area < MinArea) Array.Clear(mask);
        return mask;
    }

    /// <summary>The image-level score for ROC: the top pixel probability.</summary>
    public static double ImageScore(ReadOnlySpan<float> probabilities)
    {
        float top = 0;
        foreach (var p in probabilities) if (p > top) top = p;
        return top;
    }

    /// <summary>The default grid of top scores: 0.1 to 0.9 by 0.1, then 0.95 and 0.99.</summary>
    public static IReadOnlyList<double> DefaultTopScores { get; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

    /// <summary>The default grid of minimum areas, as shares of the map's pixels.</summary>
    public static IReadOnlyList<double> DefaultMinAreaShares { get; } = [0, 0.0005, 0.001, 0.002, 0.004, 0.008];

    /// <summary>The default grid of bottom scores: 0.1 to 0.9 by 0.1.</summary>
    public static IReadOnlyList<double> DefaultBottomScores { get; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>
    /// The triplet with the best mean Dice on <paramref name="maps"/> against <paramref name="truths"/> over a grid of
    /// top scores, minimum areas (as shares of the map) and bottom scores (by default <see cref="DefaultTopScores"/>,
    /// <see cref="DefaultMinAreaShares"/>, <see cref="DefaultBottomScores"/>); ties go to the earlier grid point. Each
    /// map is read once: per bottom score its area and its overlap with the truth, from which every triplet's Dice
    /// follows exactly as <see cref="Apply"/> and <see cref="DiceScore.Of"/> would give it.
    /// </summary>
    /// <exception cref="ArgumentException">No images, the lists differ in length, or a map and its truth differ in size.</exception>
    public static (MaskDecision Decision, double MeanDice) Choose(IReadOnlyList<float[]> maps, IReadOnlyList<byte[]> truths,
        IReadOnlyList<double>? topScores = null, IReadOnlyList<double>? minAreaShares = null, IReadOnlyList<double>? bottomScores = null)
    {
        if (maps.Count == 0 || maps.Count != truths.Count) throw new ArgumentException($"{maps.Count} maps for {truths.Count} truths");
        topScores ??= DefaultTopScores;
        minAreaShares ??= DefaultMinAreaShares;
        bottomScores ??= DefaultBottomScores;
        int pixels = maps[0].Length, n = maps.Count, nb = bottomScores.Count;
        var top = new double[n];
        var truthArea = new long[n];
        var area = new long[n, nb];
        var overlap = new long[n, nb];
        for (int i = 0; i < n; i++)
        {
            var map = maps[i];
            var truth = truths[i];
            if (map.Length != truth.Length) throw new ArgumentException($"map {i} has {map.Length} pixels, its truth {truth.Length}");
            top[i] = ImageScore(map);
            for (int k = 0; k < map.Length; k++)
            {
                bool t = truth[k] != 0;
                if (t) truthArea[i]++;
                for (int b = 0; b < nb; b++)
                    if (map[k] >= bottomScores[b]) { area[i, b]++; if (t) overlap[i, b]++; }
            }
        }
        MaskDecision? best = null;
        double bestDice = double.NegativeInfinity;
        foreach (var topScore in topScores)
            foreach (var share in minAreaShares)
            {
                int minArea = (int)Math.Round(share * pixels);
                for (int b = 0; b < nb; b++)
                {
                    double sum = 0;
                    for (int i = 0; i < n; i++)
                    {
                        bool empty = top[i] < topScore || area[i, b] < minArea || area[i, b] == 0;
                        sum += empty ? (truthArea[i] == 0 ? 1 : 0) : 2.0 * overlap[i, b] / (area[i, b] + truthArea[i]);
                    }
                    double dice = sum / n;
                    if (dice > bestDice + 1e-12) (best, bestDice) = (new MaskDecision(topScore, minArea, bottomScores[b]), dice);
                }
            }
        return (best!, bestDice);
    }
}

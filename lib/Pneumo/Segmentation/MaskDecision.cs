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

    /// <summary>
    /// The triplet with the best mean Dice on <paramref name="maps"/> against <paramref name="truths"/> over a grid of
    /// top scores, minimum areas (as shares of the map) and bottom scores; ties go to the earlier grid point.
    /// </summary>
    /// <exception cref="ArgumentException">No images, or the lists differ in length.</exception>
    public static (MaskDecision Decision, double MeanDice) Choose(IReadOnlyList<float[]> maps, IReadOnlyList<byte[]> truths,
        IReadOnlyList<double>? topScores = null, IReadOnlyList<double>? minAreaShares = null, IReadOnlyList<double>? bottomScores = null)
    {
        if (maps.Count == 0 || maps.Count != truths.Count) throw new ArgumentException($"{maps.Count} maps for {truths.Count} truths");
        topScores ??= [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
        minAreaShares ??= [0, 0.0005, 0.001, 0.002, 0.004];
        bottomScores ??= [0.2, 0.3, 0.4, 0.5];
        int pixels = maps[0].Length;
        MaskDecision? best = null;
        double bestDice = double.NegativeInfinity;
        foreach (var top in topScores)
            foreach (var share in minAreaShares)
                foreach (var bottom in bottomScores)
                {
                    var decision = new MaskDecision(top, (int)Math.Round(share * pixels), bottom);
                    double dice = DiceScore.Mean(maps.Select((m, i) => DiceScore.Of(truths[i], decision.Apply(m))));
                    if (dice > bestDice + 1e-12) (best, bestDice) = (decision, dice);
                }
        return (best!, bestDice);
    }
}

namespace Pneumo.Segmentation;

/// <summary>
/// The SIIM-ACR competition's Dice: 2|A ∩ B| / (|A| + |B|) per image, where an image whose truth and prediction are
/// both empty scores 1 and one where only one of them is empty scores 0; the leaderboard figure is the mean over images.
/// </summary>
public static class DiceScore
{
    /// <summary>The Dice of one image (masks as 0/1 bytes of the same size).</summary>
    /// <exception cref="ArgumentException">The masks differ in size.</exception>
    public static double Of(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> predicted)
    {
        if (truth.Length != predicted.Length) throw new ArgumentException($"masks of {truth.Length} and {predicted.Length} pixels");
        long a = 0, b = 0, both = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            bool t = truth[i] != 0, p = predicted[i] != 0;
            if (t) a++;
            if (p) b++;
            if (t && p) both++;
        }
        if (a == 0 && b == 0) return 1;
        return 2.0 * both / (a + b);
    }

    /// <summary>The competition's mean Dice over images.</summary>
    public static double Mean(IEnumerable<double> perImage)
    {
        var list = perImage.ToList();
        return list.Count == 0 ? double.NaN : list.Average();
    }
}

using System.Globalization;

namespace Pneumo.Training;

/// <summary>
/// Says when a fold's training failed, so it is never silent: an inner-validation AUC that stayed near chance (the
/// network never found the lesion), a loss that was not finite, or a validation loss that blew up (an unstable step
/// or batch-norm statistics that lag the weights). The messages go to the CLI, the notebooks and <c>metrics.json</c>.
/// </summary>
public static class FoldDiagnostics
{
    /// <summary>A best inner-validation AUC below this is "near chance".</summary>
    public const double NearChanceAuc = 0.8;
    /// <summary>A validation loss above this multiple of the fold's lowest one, after it, is "diverged".</summary>
    public const double DivergenceFactor = 5;

    /// <summary>The warnings of fold <paramref name="fold"/> from its epoch history (empty when training looks sound).</summary>
    public static IReadOnlyList<string> Check(int fold, IReadOnlyList<EpochRecord> history)
    {
        var warnings = new List<string>();
        if (history.Count == 0) return warnings;
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        var bestEpoch = history.Where(h => !double.IsNaN(h.ValidationAuc)).DefaultIfEmpty(history[0]).MaxBy(h => h.ValidationAuc)!;
        if (!(bestEpoch.ValidationAuc >= NearChanceAuc))
            warnings.Add($"fold {fold}: inner-validation AUC stayed near chance (best {F(bestEpoch.ValidationAuc)} at epoch {bestEpoch.Epoch + 1} of {history.Count}): the network did not learn this fold");
        var nonFinite = history.FirstOrDefault(h => !double.IsFinite(h.TrainLoss) || !double.IsFinite(h.ValidationLoss));
        if (nonFinite is not null)
            warnings.Add($"fold {fold}: the loss was not finite at epoch {nonFinite.Epoch + 1} (training {F(nonFinite.TrainLoss)}, validation {F(nonFinite.ValidationLoss)})");
        double lowest = double.PositiveInfinity;
        foreach (var h in history)
        {
            if (!double.IsFinite(h.ValidationLoss)) continue;
            if (h.ValidationLoss > DivergenceFactor * lowest && h.ValidationLoss > 1)
            {
                warnings.Add($"fold {fold}: validation loss diverged to {F(h.ValidationLoss)} at epoch {h.Epoch + 1} (lowest before: {F(lowest)})");
                break;
            }
            lowest = Math.Min(lowest, h.ValidationLoss);
        }
        return warnings;
    }
}

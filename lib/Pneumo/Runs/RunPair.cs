using Pneumo.Training;
using Pneumo.Metrics;

namespace Pneumo.Runs;

/// <summary>Two finished runs compared on the same out-of-fold images (e.g. the image model without and with metadata fusion).</summary>
/// <param name="A">The first run.</param>
/// <param name="B">The second run.</param>
/// <param name="Comparison">AUC of A, AUC of B, A − B with its CI and DeLong's paired test.</param>
public sealed record RunPair(ExperimentRun A, ExperimentRun B, PairedAucComparison Comparison)
{
    /// <summary>Compares <paramref name="a"/> with <paramref name="b"/>.</summary>
    /// <exception cref="InvalidOperationException">A run is not finished, or the runs predicted different images or folds.</exception>
    public static RunPair Compare(ExperimentRun a, ExperimentRun b)
    {
        foreach (var run in new[] { a, b })
            if (!run.IsFinished) throw new InvalidOperationException($"{run.Folder}: not finished ({run.FoldsDone} of {run.Config.Folds} folds)");
        var pa = a.ReadPredictions().ToDictionary(p => p.ImageId, StringComparer.Ordinal);
        var pb = b.ReadPredictions().ToDictionary(p => p.ImageId, StringComparer.Ordinal);
        if (pa.Count != pb.Count || pa.Keys.Any(k => !pb.TryGetValue(k, out var other) || other.Fold != pa[k].Fold || other.Label != pa[k].Label))
            throw new InvalidOperationException($"{a.Info.Id} and {b.Info.Id} did not predict the same images in the same folds: a paired comparison needs one split");
        var ids = pa.Keys.Order(StringComparer.Ordinal).ToList();
        return new RunPair(a, b, DeLongTest.Compare(ids.Select(i => pa[i].Probability).ToList(), ids.Select(i => pb[i].Probability).ToList(), ids.Select(i => pa[i].Label).ToList()));
    }
}


namespace Pneumo.Metrics;

/// <summary>A simple model's out-of-fold result on the run's own folds: what the CNN has to beat.</summary>
/// <param name="Name">Key in <c>metrics.json</c> (<c>meanIntensity</c>, <c>thumbnailLogistic</c>, <c>metadataOnly</c>).</param>
/// <param name="Description">What it is, in a phrase.</param>
/// <param name="Auc">Pooled out-of-fold ROC AUC with its bootstrap 95% interval.</param>
/// <param name="FoldAucs">Out-of-fold AUC per fold (fold order).</param>
public sealed record BaselineResult(string Name, string Description, ConfidenceInterval Auc, IReadOnlyList<double> FoldAucs)
{
    /// <summary>The run's model against this baseline on the same images (DeLong; AucA is the model's), when computed.</summary>
    public PairedAucComparison? VersusModel { get; init; }
}

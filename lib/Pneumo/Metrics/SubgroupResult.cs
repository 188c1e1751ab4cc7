namespace Pneumo.Metrics;

/// <summary>The model's out-of-fold performance in one subgroup (e.g. ViewPosition = AP).</summary>
/// <param name="Variable">The grouping variable: ViewPosition, PatientSex or AgeBand.</param>
/// <param name="Value">The group.</param>
/// <param name="Images">Images in the group.</param>
/// <param name="Positives">Positives among them.</param>
/// <param name="Auc">ROC AUC with its bootstrap 95% CI (NaN when the group lacks a class).</param>
/// <param name="AtThreshold">Outcomes at the run's operating threshold (each fold's Youden threshold from its inner validation).</param>
public sealed record SubgroupResult(string Variable, string Value, int Images, int Positives, ConfidenceInterval Auc, ConfusionMatrix AtThreshold);

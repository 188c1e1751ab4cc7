namespace Pneumo.Metrics;

/// <summary>How well the Grad-CAM heatmaps of a run point at the lesions (see <see cref="GradCamLocalization"/>).</summary>
/// <param name="Images">Out-of-fold true positives scored (at each fold's inner-validation Youden threshold).</param>
/// <param name="PointingGame">Share of them whose heatmap maximum lies in the dilated union mask.</param>
/// <param name="MassInMask">Mean share of positive heatmap mass inside the dilated union mask.</param>
/// <param name="TolerancePixels">The dilation radius used, in cache pixels.</param>
public sealed record LocalizationResult(int Images, double PointingGame, double MassInMask, int TolerancePixels);

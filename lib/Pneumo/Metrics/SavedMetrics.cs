using System.Globalization;
using System.Text.Json;

namespace Pneumo.Metrics;

/// <summary>
/// The figures of an evaluation as <see cref="EvaluationReport.Write"/> saved them in <c>metrics.json</c>: what a run
/// comparison needs, read without the predictions.
/// </summary>
/// <param name="Auc">Pooled ROC AUC with its bootstrap 95% interval.</param>
/// <param name="AveragePrecision">Pooled average precision.</param>
/// <param name="ExpectedCalibrationError">Expected calibration error.</param>
/// <param name="Folds">Per-fold figures.</param>
/// <param name="YoudenThreshold">The Youden threshold chosen.</param>
/// <param name="Specificity90Threshold">The 90%-specificity threshold chosen.</param>
public sealed record SavedMetrics(ConfidenceInterval Auc, double AveragePrecision, double ExpectedCalibrationError, IReadOnlyList<FoldMetrics> Folds,
    double YoudenThreshold, double Specificity90Threshold)
{
    /// <summary>Reads <c>metrics.json</c> in <paramref name="folder"/>; null when there is none.</summary>
    public static SavedMetrics? Read(string folder)
    {
        var path = Path.Combine(folder, "metrics.json");
        if (!File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble()
            : double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN; // NaN is written as a string
        var folds = root.GetProperty("folds").EnumerateArray().Select(f => new FoldMetrics(f.GetProperty("fold").GetInt32(), f.GetProperty("images").GetInt32(),
            f.GetProperty("positives").GetInt32(), Number(f.GetProperty("auc")), Number(f.GetProperty("averagePrecision")))).ToList();
        return new SavedMetrics(
            new ConfidenceInterval(Number(root.GetProperty("auc")), Number(root.GetProperty("aucLower95")), Number(root.GetProperty("aucUpper95")), 0.95),
            Number(root.GetProperty("averagePrecision")), Number(root.GetProperty("expectedCalibrationError")), folds,
            Number(root.GetProperty("youden").GetProperty("threshold")), Number(root.GetProperty("specificity90").GetProperty("threshold")));
    }
}

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
    /// <summary>The run's warnings (empty in runs that predate them).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Pooled AUC before calibration (NaN when absent).</summary>
    public double AucUncalibrated { get; init; } = double.NaN;
    /// <summary>Expected calibration error before calibration (NaN when absent).</summary>
    public double ExpectedCalibrationErrorUncalibrated { get; init; } = double.NaN;
    /// <summary>Pooled outcomes at the folds' inner-validation Youden thresholds.</summary>
    public ConfusionMatrix? AtYoudenInnerValidation { get; init; }
    /// <summary>Pooled outcomes at the folds' inner-validation 90%-specificity thresholds.</summary>
    public ConfusionMatrix? AtSpecificity90InnerValidation { get; init; }
    /// <summary>The baselines on the same folds.</summary>
    public IReadOnlyList<Baselines.BaselineResult> Baselines { get; init; } = [];
    /// <summary>Grad-CAM against the masks.</summary>
    public LocalizationResult? Localization { get; init; }
    /// <summary>Performance by view, sex and age band (empty in runs evaluated before subgroups were kept).</summary>
    public IReadOnlyList<SubgroupResult> Subgroups { get; init; } = [];

    /// <summary>Reads <c>metrics.json</c> in <paramref name="folder"/>; null when there is none, or when it is a segmentation run's.</summary>
    public static SavedMetrics? Read(string folder)
    {
        var path = Path.Combine(folder, "metrics.json");
        if (!File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (root.TryGetProperty("task", out var task) && task.GetString() == "segmentation") return null; // a segmentation run's metrics (SegmentationRun)
        static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble()
            : double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN; // NaN is written as a string
        static double Optional(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? Number(v) : double.NaN;
        static ConfusionMatrix? Matrix(JsonElement root, string name) =>
            root.TryGetProperty(name, out var m) && m.ValueKind == JsonValueKind.Object
                ? new ConfusionMatrix(double.NaN, m.GetProperty("tp").GetInt32(), m.GetProperty("fp").GetInt32(), m.GetProperty("tn").GetInt32(), m.GetProperty("fn").GetInt32())
                : null;
        var folds = root.GetProperty("folds").EnumerateArray().Select(f => new FoldMetrics(f.GetProperty("fold").GetInt32(), f.GetProperty("images").GetInt32(),
            f.GetProperty("positives").GetInt32(), Number(f.GetProperty("auc")), Number(f.GetProperty("averagePrecision")),
            Optional(f, "temperature"), Optional(f, "calibrationBias"), Optional(f, "youdenThreshold"), Optional(f, "specificity90Threshold"))).ToList();
        var baselines = root.TryGetProperty("baselines", out var b) && b.ValueKind == JsonValueKind.Object
            ? b.EnumerateObject().Select(p => new Baselines.BaselineResult(p.Name, p.Value.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "",
                new ConfidenceInterval(Number(p.Value.GetProperty("auc")), Number(p.Value.GetProperty("aucLower")), Number(p.Value.GetProperty("aucUpper")), 0.95),
                p.Value.TryGetProperty("folds", out var fa) ? fa.EnumerateArray().Select(Number).ToList() : [])
                {
                    VersusModel = p.Value.TryGetProperty("modelMinusBaseline", out var v) && v.ValueKind == JsonValueKind.Object
                        ? new PairedAucComparison(Number(root.GetProperty("auc")), Number(p.Value.GetProperty("auc")),
                            new ConfidenceInterval(Number(v.GetProperty("difference")), Number(v.GetProperty("lower")), Number(v.GetProperty("upper")), 0.95),
                            Number(v.GetProperty("z")), Number(v.GetProperty("pValue")))
                        : null,
                }).ToList()
            : [];
        double pointing = Optional(root, "gradCamPointingGame");
        var subgroups = root.TryGetProperty("subgroups", out var sg) && sg.ValueKind == JsonValueKind.Array
            ? sg.EnumerateArray().Select(g => new SubgroupResult(g.GetProperty("variable").GetString() ?? "", g.GetProperty("value").GetString() ?? "",
                g.GetProperty("images").GetInt32(), g.GetProperty("positives").GetInt32(),
                new ConfidenceInterval(Number(g.GetProperty("auc")), Number(g.GetProperty("aucLower")), Number(g.GetProperty("aucUpper")), 0.95),
                new ConfusionMatrix(Optional(g, "threshold"), g.GetProperty("tp").GetInt32(), g.GetProperty("fp").GetInt32(), g.GetProperty("tn").GetInt32(), g.GetProperty("fn").GetInt32()))).ToList()
            : [];
        return new SavedMetrics(
            new ConfidenceInterval(Number(root.GetProperty("auc")), Number(root.GetProperty("aucLower95")), Number(root.GetProperty("aucUpper95")), 0.95),
            Number(root.GetProperty("averagePrecision")), Number(root.GetProperty("expectedCalibrationError")), folds,
            Number(root.GetProperty("youden").GetProperty("threshold")), Number(root.GetProperty("specificity90").GetProperty("threshold")))
        {
            Warnings = root.TryGetProperty("warnings", out var w) ? w.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [],
            AucUncalibrated = Optional(root, "aucUncalibrated"),
            ExpectedCalibrationErrorUncalibrated = Optional(root, "expectedCalibrationErrorUncalibrated"),
            AtYoudenInnerValidation = Matrix(root, "youdenInnerValidation"),
            AtSpecificity90InnerValidation = Matrix(root, "specificity90InnerValidation"),
            Baselines = baselines,
            Subgroups = subgroups,
            Localization = double.IsNaN(pointing) ? null : new LocalizationResult(root.GetProperty("gradCamImages").GetInt32(), pointing,
                Optional(root, "gradCamMassInMask"), root.GetProperty("gradCamTolerancePixels").GetInt32()),
        };
    }
}

using Pneumo.Runs;
using Pneumo.Metrics;
using Pneumo.Training;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Pneumo.Charts;

/// <summary>The charts of the study, each one line in a notebook.</summary>
public static class StudyCharts
{
    /// <summary>Bars of counts per category.</summary>
    public static StudyChart Bars(IEnumerable<string> categories, IEnumerable<double> values, string title, string? xTitle = null, string? yTitle = "images")
    {
        var chart = CSharpChart.Column<double, string, string>(values: values.ToArray(), Keys: categories.ToArray());
        return new StudyChart(chart, title, xTitle, yTitle);
    }

    /// <summary>Histogram of values, one trace per group (e.g. age by sex).</summary>
    public static StudyChart Histogram(IReadOnlyDictionary<string, IReadOnlyList<double>> groups, string title, string xTitle)
    {
        var charts = groups.Select(g => CSharpChart.Histogram<double, double, string>(X: g.Value.ToArray(), Name: g.Key, Opacity: 0.65));
        return new StudyChart(CSharpChart.Combine(charts), title, xTitle, "images").WithLayout("barmode", "overlay");
    }

    /// <summary>Lines through points, one trace per series.</summary>
    public static StudyChart Lines(IEnumerable<(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series, string title, string xTitle, string yTitle)
    {
        var charts = series.Select(s => CSharpChart.Line<double, double, string>(x: s.X.ToArray(), y: s.Y.ToArray(), Name: s.Name));
        return new StudyChart(CSharpChart.Combine(charts), title, xTitle, yTitle);
    }

    /// <summary>The ROC curve with the chance diagonal; the AUC (and CI) in the title.</summary>
    public static StudyChart Roc(EvaluationReport report) =>
        Lines([("out of fold", report.Roc.FalsePositiveRate, report.Roc.TruePositiveRate), ("chance", [0.0, 1.0], [0.0, 1.0])],
            $"ROC curve, pooled out of fold: AUC {report.Auc}", "1 − specificity", "sensitivity");

    /// <summary>The precision-recall curve with the prevalence line.</summary>
    public static StudyChart PrecisionRecall(EvaluationReport report, double prevalence) =>
        Lines([("out of fold", report.PrecisionRecall.Recall, report.PrecisionRecall.Precision), ("prevalence", [0.0, 1.0], [prevalence, prevalence])],
            FormattableString.Invariant($"Precision-recall, pooled out of fold: AP {report.AveragePrecision:F3}"), "recall (sensitivity)", "precision");

    /// <summary>Reliability diagram: mean predicted against observed rate per bin, with the diagonal.</summary>
    public static StudyChart Calibration(EvaluationReport report)
    {
        var series = new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)>();
        bool before = report.CalibrationUncalibrated.Count > 0 && !double.IsNaN(report.ExpectedCalibrationErrorUncalibrated);
        if (before)
            series.Add((FormattableString.Invariant($"before calibration (ECE {report.ExpectedCalibrationErrorUncalibrated:F3})"),
                report.CalibrationUncalibrated.Select(b => b.MeanPredicted).ToList(), report.CalibrationUncalibrated.Select(b => b.ObservedRate).ToList()));
        series.Add((FormattableString.Invariant($"{(before ? "after calibration" : "bins")} (ECE {report.ExpectedCalibrationError:F3})"),
            report.Calibration.Select(b => b.MeanPredicted).ToList(), report.Calibration.Select(b => b.ObservedRate).ToList()));
        series.Add(("perfect", [0.0, 1.0], [0.0, 1.0]));
        return Lines(series, before ? "Reliability diagram, before and after calibration on each fold's inner validation" : "Reliability diagram",
            "mean predicted probability", "observed share of pneumothorax");
    }

    /// <summary>Learning curves of every fold: training loss and inner-validation AUC per epoch.</summary>
    public static (StudyChart Loss, StudyChart Auc) LearningCurves(IReadOnlyList<(int Fold, IReadOnlyList<EpochRecord> Epochs)> folds) =>
        (Lines(folds.Select(f => ($"fold {f.Fold}", (IReadOnlyList<double>)f.Epochs.Select(e => e.Epoch + 1.0).ToList(), (IReadOnlyList<double>)f.Epochs.Select(e => e.TrainLoss).ToList())), "Training loss per epoch", "epoch", "loss"),
         Lines(folds.Select(f => ($"fold {f.Fold}", (IReadOnlyList<double>)f.Epochs.Select(e => e.Epoch + 1.0).ToList(), (IReadOnlyList<double>)f.Epochs.Select(e => e.ValidationAuc).ToList())), "Inner-validation AUC per epoch", "epoch", "ROC AUC"));

    /// <summary>Pooled out-of-fold AUC with its 95% CI per finished run (error bars), in the order given.</summary>
    public static StudyChart RunComparison(IReadOnlyList<RunSummary> runs)
    {
        var done = runs.Where(r => r.Finished && double.IsFinite(r.Auc)).ToList(); // a segmentation run's is its image AUC from the masks: the same measure
        var chart = CSharpChart.Point<string, double, string>(x: done.Select(r => r.Id).ToArray(), y: done.Select(r => r.Auc).ToArray(), Name: "pooled AUC");
        var figure = new StudyChart(chart, "Pooled out-of-fold ROC AUC per run (95% CI)", "run", "ROC AUC");
        figure.WithLayout("yaxis.range", new System.Text.Json.Nodes.JsonArray(Math.Min(0.4, done.Count == 0 ? 0.4 : done.Min(r => r.AucLower) - 0.05), 1.02));
        return figure.WithErrorBars(done.Select(r => r.AucUpper - r.Auc).ToList(), done.Select(r => r.Auc - r.AucLower).ToList());
    }

    /// <summary>
    /// A forest plot: one row per group (top to bottom in the order given) with its estimate and 95% CI as a horizontal
    /// bar, and a dashed reference line (e.g. the pooled value) when <paramref name="reference"/> is given.
    /// </summary>
    public static StudyChart Forest(IReadOnlyList<(string Label, ConfidenceInterval Ci)> rows, string title, string xTitle, double? reference = null)
    {
        var shown = rows.Where(r => !double.IsNaN(r.Ci.Estimate)).Reverse().ToList(); // Plotly draws the first category at the bottom
        var chart = CSharpChart.Point<double, string, string>(x: shown.Select(r => r.Ci.Estimate).ToArray(), y: shown.Select(r => r.Label).ToArray(), Name: "estimate (95% CI)");
        var figure = new StudyChart(chart, title, xTitle, null, height: Math.Max(260, 90 + 32 * shown.Count))
            .WithErrorBars(shown.Select(r => r.Ci.Upper - r.Ci.Estimate).ToList(), shown.Select(r => r.Ci.Estimate - r.Ci.Lower).ToList(), horizontal: true)
            .WithLayout("yaxis.type", "category").WithLayout("margin.l", 140);
        if (reference is { } x)
            figure.WithLayout("shapes", new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "line", ["xref"] = "x", ["yref"] = "paper", ["x0"] = x, ["x1"] = x, ["y0"] = 0, ["y1"] = 1,
                ["line"] = new System.Text.Json.Nodes.JsonObject { ["dash"] = "dash", ["color"] = "#888" },
            }));
        return figure;
    }
}

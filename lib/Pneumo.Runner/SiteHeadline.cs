using System.Globalization;
using System.Net;
using Pneumo.Runs;
using Pneumo.Charts;
using Pneumo.Data;
using Pneumo.Metrics;
using Pneumo.Runner.Display;
using Pneumo.Training;
using Pneumo.Workbook;

namespace Pneumo.Runner;

/// <summary>The site's front page headline: the run's pooled AUC with CI, a small ROC, the data, and the command that reproduces it.</summary>
/// <param name="Run">The run.</param>
/// <param name="Images">Images in the run's clean table.</param>
/// <param name="Positives">Positive images.</param>
/// <param name="Roc">The pooled out-of-fold ROC curve.</param>
public sealed record SiteHeadline(RunSummary Run, int Images, int Positives, RocCurve Roc)
{
    /// <summary>The headline of a finished run; null when the run has no evaluation yet.</summary>
    public static SiteHeadline? For(RunSummary run)
    {
        if (!run.Finished || !File.Exists(run.PredictionsPath)) return null;
        var predictions = EvaluationReport.ReadPredictions(run.PredictionsPath);
        var roc = RocCurve.Compute(predictions.Select(p => p.Probability).ToList(), predictions.Select(p => p.Label).ToList());
        return new SiteHeadline(run, predictions.Count, predictions.Count(p => p.Label == 1), roc);
    }

    /// <summary>The command that reproduces the run: the changed study parameters as PNEUMO_* variables before <c>./pneumo workbook</c>.</summary>
    public string Command()
    {
        var variables = Run.StudyParameters.Select(p =>
        {
            var value = p.Value.Contains(' ', StringComparison.Ordinal) ? $"'{p.Value}'" : p.Value;
            return $"{StudyParameters.Find(p.Key).EnvironmentVariable}={value.ToLowerInvariant()}";
        });
        return string.Join(" ", variables.Append("./pneumo workbook"));
    }

    /// <summary>The headline as HTML; the ROC chart is drawn by the page's plotly.js.</summary>
    public string ToHtml()
    {
        var inv = CultureInfo.InvariantCulture;
        var chart = StudyCharts.Lines([("out of fold", Roc.FalsePositiveRate, Roc.TruePositiveRate), ("chance", [0.0, 1.0], [0.0, 1.0])],
            "Pooled out-of-fold ROC", "1 − specificity", "sensitivity").WithLayout("height", 300).WithLayout("width", 380).WithLayout("showlegend", false);
        var folds = string.Join(", ", Run.FoldAucs.Select((a, i) => string.Create(inv, $"fold {i}: {a:F3}")));
        return string.Create(inv, $"""
            <div class="headline" style="display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap">
            <div style="flex:1;min-width:320px">
            <p style="font-size:15px;margin:0">Latest run <code>{WebUtility.HtmlEncode(Run.Id)}</code> ({Run.Created:yyyy-MM-dd HH:mm} UTC, commit <code>{WebUtility.HtmlEncode(Run.GitCommit.Length > 12 ? Run.GitCommit[..12] : Run.GitCommit)}</code>, {WebUtility.HtmlEncode(Run.Device)})</p>
            <p style="font-size:28px;margin:8px 0">ROC AUC <b>{Run.Auc:F3}</b> <span style="font-size:16px">(95% CI {Run.AucLower:F3}–{Run.AucUpper:F3})</span></p>
            <p style="margin:4px 0">Average precision {Run.AveragePrecision:F3} · expected calibration error {Run.CalibrationError:F3}</p>
            <p style="margin:4px 0">Per fold: {WebUtility.HtmlEncode(folds)}</p>
            <p style="margin:4px 0">Data: {Images} images out of fold, {Positives} with a pneumothorax ({(double)Positives / Math.Max(1, Images):P1}); {Run.Folds} stratified, patient-grouped folds.</p>
            <p style="margin:4px 0">Reproduce: <code>{WebUtility.HtmlEncode(Command())}</code></p>
            <p style="margin:4px 0"><a href="runs.html">every run, compared</a></p>
            </div>
            <div style="width:380px">{PlotlyOutput.Html(chart.FigureJson, 300, withLibrary: false)}</div>
            </div>
            """);
    }
}

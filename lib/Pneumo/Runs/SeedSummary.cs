using Pneumo.Training;
using System.Globalization;
using System.Text;
using Pneumo.Metrics;

namespace Pneumo.Runs;

/// <summary>One seed's finished run, as the seed summary lists it.</summary>
/// <param name="Seed">The seed (folds, weights, order, augmentation).</param>
/// <param name="RunId">Its run folder's name.</param>
/// <param name="Metrics">Its saved figures.</param>
public sealed record SeedRun(int Seed, string RunId, SavedMetrics Metrics);

/// <summary>
/// The study repeated over seeds: mean ± standard deviation (n − 1) and range of the pooled out-of-fold AUC, of each
/// fold's AUC (by fold index; the folds themselves differ between seeds) and of the calibration error. A result that
/// holds for one seed only is not a result.
/// </summary>
/// <param name="Runs">One finished run per seed.</param>
public sealed record SeedSummary(IReadOnlyList<SeedRun> Runs)
{
    /// <summary>Mean, sample standard deviation, minimum and maximum of <paramref name="values"/>.</summary>
    public static (double Mean, double Sd, double Min, double Max) Describe(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = values.Average();
        double sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : double.NaN;
        return (mean, sd, values.Min(), values.Max());
    }

    /// <summary>The pooled AUC over seeds.</summary>
    public (double Mean, double Sd, double Min, double Max) PooledAuc => Describe(Runs.Select(r => r.Metrics.Auc.Estimate).ToList());

    /// <summary>The lowest fold AUC of any seed.</summary>
    public double WorstFoldAuc => Runs.SelectMany(r => r.Metrics.Folds.Select(f => f.Auc)).DefaultIfEmpty(double.NaN).Min();

    /// <summary>
    /// The table the reports show: a header, one row per seed (each fold's AUC, the pooled AUC, the calibrated ECE and
    /// the number of warnings), then mean ± sd per column. Written once for the Markdown and the HTML forms.
    /// </summary>
    public (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Table()
    {
        var inv = CultureInfo.InvariantCulture;
        int folds = Runs.Max(r => r.Metrics.Folds.Count);
        string MeanSd((double Mean, double Sd, double Min, double Max) d) => string.Create(inv, $"{d.Mean:F3} ± {d.Sd:F3}");
        var header = new[] { "seed", "run" }.Concat(Enumerable.Range(0, folds).Select(f => $"fold {f}")).Concat(["pooled AUC", "ECE (calibrated)", "warnings"]).ToList();
        var rows = Runs.Select(r => (IReadOnlyList<string>)new[] { r.Seed.ToString(inv), r.RunId }
            .Concat(r.Metrics.Folds.Select(f => f.Auc.ToString("F3", inv)))
            .Concat([r.Metrics.Auc.Estimate.ToString("F3", inv), r.Metrics.ExpectedCalibrationError.ToString("F3", inv), r.Metrics.Warnings.Count.ToString(inv)]).ToList()).ToList();
        rows.Add(new[] { "mean ± sd", "" }
            .Concat(Enumerable.Range(0, folds).Select(f => MeanSd(Describe(Runs.Where(r => f < r.Metrics.Folds.Count).Select(r => r.Metrics.Folds[f].Auc).ToList()))))
            .Concat([MeanSd(PooledAuc), MeanSd(Describe(Runs.Select(r => r.Metrics.ExpectedCalibrationError).ToList())), ""]).ToList());
        return (header, rows);
    }

    /// <summary>A Markdown report: <see cref="Table"/>, then the pooled AUC's spread and the lowest fold AUC in a sentence.</summary>
    public string ToMarkdown()
    {
        var (header, rows) = Table();
        var sb = new StringBuilder();
        sb.AppendLine("| " + string.Join(" | ", header) + " |");
        sb.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        foreach (var row in rows) sb.AppendLine("| " + string.Join(" | ", row) + " |");
        var pooled = PooledAuc;
        sb.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Pooled AUC over {Runs.Count} seeds: {pooled.Mean:F3} ± {pooled.Sd:F3} (range {pooled.Min:F3}–{pooled.Max:F3}, spread {pooled.Max - pooled.Min:F3}); lowest fold AUC of any seed {WorstFoldAuc:F3}."));
        return sb.ToString();
    }
}

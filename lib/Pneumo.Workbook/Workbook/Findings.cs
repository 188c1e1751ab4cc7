using System.Globalization;
using Pneumo.Runs;
using Pneumo.Charts;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;
using Pneumo.Tables;
using Pneumo.Training;

namespace Pneumo.Workbook;

/// <summary>
/// The notebooks' findings written from the figures of the run, so that a reader of the published site gets the
/// result in words and not only the chart. Each method returns a paragraph for a cell's output.
/// </summary>
public static class Findings
{
    private static readonly CultureInfo Inv = Pneumo.Tables.ReportCulture.Culture;

    /// <summary>The label against view, sex and age band: the highest and lowest rate of each, and whether their 95% intervals overlap.</summary>
    public static HtmlFragment LabelAgainstMetadata(MetadataTable metadata)
    {
        var sentences = new List<string>();
        foreach (var (variable, noun) in new[] { ("ViewPosition", "view"), ("PatientSex", "sex"), ("AgeBand", "age band") })
        {
            var groups = metadata.LabelRates(variable).Rows.Where(r => (string?)r[0] != MetadataSummaries.Missing && (int)r[1]! >= 5)
                .Select(r => (Name: (string)r[0]!, Images: (int)r[1]!, Ci: new ConfidenceInterval((double)r[3]!, (double)r[4]!, (double)r[5]!, 0.95))).ToList();
            if (groups.Count < 2) continue;
            var high = groups.MaxBy(g => g.Ci.Estimate);
            var low = groups.MinBy(g => g.Ci.Estimate);
            bool separate = high.Ci.Lower > low.Ci.Upper;
            sentences.Add(string.Create(Inv,
                $"By {noun}, the pneumothorax rate is highest for {high.Name} ({high.Ci.Estimate:P1}, 95% CI {high.Ci.Lower:P1}–{high.Ci.Upper:P1}, n = {high.Images}) and lowest for {low.Name} ({low.Ci.Estimate:P1}, {low.Ci.Lower:P1}–{low.Ci.Upper:P1}, n = {low.Images}); ")
                + (separate ? "the intervals do not overlap, so the label depends on it." : "the intervals overlap: no difference this sample can resolve."));
        }
        var ages = metadata.Rows.Where(r => r.Label is not null && r.PatientAge is not null).GroupBy(r => r.Label!.Value).ToDictionary(g => g.Key, g => g.Select(r => r.PatientAge!.Value).Order().ToList());
        if (ages.TryGetValue(0, out var negative) && ages.TryGetValue(1, out var positive))
            sentences.Add(string.Create(Inv, $"Median age {Descriptive.Quantile(positive, 0.5):F0} years with a pneumothorax against {Descriptive.Quantile(negative, 0.5):F0} without (interquartile ranges {Descriptive.Quantile(positive, 0.25):F0}–{Descriptive.Quantile(positive, 0.75):F0} and {Descriptive.Quantile(negative, 0.25):F0}–{Descriptive.Quantile(negative, 0.75):F0})."));
        int missingAge = metadata.Rows.Count(r => r.PatientAge is null);
        if (missingAge > 0) sentences.Add($"{missingAge} image(s) have no usable age and are left out of the age figures.");
        return HtmlFragment.Finding(string.Join(" ", sentences));
    }

    /// <summary>What cleaning found and did: inputs, kept, excluded by reason, flagged and kept by reason.</summary>
    public static HtmlFragment Cleaning(CleaningResult cleaning)
    {
        string Group(string action) => string.Join(", ", cleaning.Issues.Where(i => i.Action == action).GroupBy(i => i.Issue).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} {g.Key}"));
        var excluded = Group(DatasetCleaner.Excluded);
        var kept = Group(DatasetCleaner.Kept);
        return HtmlFragment.Finding(string.Create(Inv, $"Of {cleaning.Inputs} inputs, {cleaning.Kept} are kept and {cleaning.ExcludedCount} excluded")
            + (excluded.Length > 0 ? $" ({excluded})" : "") + (kept.Length > 0 ? $"; kept with a flag: {kept}" : "") + "."
            + (cleaning.CountsAddUp ? " Every input is accounted for." : " The counts do not add up: report this as a bug."));
    }

    /// <summary>How evenly the folds hold the label, AP films, women and ages, and whether any patient is in two folds.</summary>
    public static HtmlFragment FoldBalance(FoldCovariateBalance balance)
    {
        var parts = balance.Imbalance.Select(i => i.Variable == "age"
            ? string.Create(Inv, $"age by {i.MaxDeviation:F2} standard deviations (Cramér's V of fold × age band {i.CramersV:F2})")
            : string.Create(Inv, $"the {i.Variable} by {100 * i.MaxDeviation:F1} percentage points (Cramér's V {i.CramersV:F2})")).ToList();
        var worst = balance.Imbalance.MaxBy(i => i.CramersV)!;
        string patients = balance.PatientsInSeveralFolds.Count == 0
            ? "No patient has images in two folds."
            : $"{balance.PatientsInSeveralFolds.Count} patient(s) have images in more than one fold: the split leaks.";
        return HtmlFragment.Finding(string.Create(Inv,
            $"The furthest any fold strays from the whole set: {string.Join("; ", parts)}. The least even variable is {worst.Variable} (V {worst.CramersV:F2}; 0 means the same make-up in every fold, 0.1 is usually read as small). {patients}"));
    }

    /// <summary>
    /// How each fold's training went: the epoch at which its inner-validation AUC first passed 0.9 (the network found
    /// the lesion), its best epoch and AUC, and the warnings.
    /// </summary>
    public static HtmlFragment Training(ExperimentRun run, EvaluationReport report)
    {
        var folds = run.EpochHistories().Select(f =>
        {
            int found = f.Epochs.FirstOrDefault(e => e.ValidationAuc >= 0.9)?.Epoch ?? -1;
            var best = f.Epochs.OrderByDescending(e => e.ValidationAuc).ThenBy(e => e.ValidationLoss).FirstOrDefault();
            return string.Create(Inv, $"fold {f.Fold} {(found < 0 ? "never passed 0.9" : $"passed 0.9 at epoch {found + 1}")}, best {best?.ValidationAuc:F3} at epoch {best?.Epoch + 1} of {f.Epochs.Count}");
        });
        return HtmlFragment.Finding($"Inner-validation AUC per fold: {string.Join("; ", folds)}. "
            + (report.Warnings.Count == 0 ? "No warnings." : $"Warnings: {string.Join("; ", report.Warnings)}."));
    }

    /// <summary>The pooled and per-fold AUC, the spread over folds, calibration and the honest operating point.</summary>
    public static HtmlFragment Results(EvaluationReport report)
    {
        var folds = report.Folds.Where(f => !double.IsNaN(f.Auc)).ToList();
        var sentences = new List<string>
        {
            string.Create(Inv, $"Pooled out of fold the model reaches ROC AUC {report.Auc.Estimate:F3} (95% CI {report.Auc.Lower:F3}–{report.Auc.Upper:F3}); ")
            + (folds.Count == 0 ? "no fold has both classes." : string.Create(Inv, $"its folds range from {folds.Min(f => f.Auc):F3} (fold {folds.MinBy(f => f.Auc)!.Fold}) to {folds.Max(f => f.Auc):F3}.")),
        };
        if (!double.IsNaN(report.ExpectedCalibrationErrorUncalibrated))
            sentences.Add(string.Create(Inv, $"Calibration on each fold's inner validation brings the expected calibration error from {report.ExpectedCalibrationErrorUncalibrated:F3} to {report.ExpectedCalibrationError:F3}."));
        if (report.AtYoudenInnerValidation is { } m)
            sentences.Add(string.Create(Inv, $"At each fold's own Youden threshold it finds {m.TruePositives} of {m.TruePositives + m.FalseNegatives} pneumothoraces (sensitivity {m.Sensitivity:F3}) with {m.FalsePositives} false alarms in {m.FalsePositives + m.TrueNegatives} normal films (specificity {m.Specificity:F3})."));
        if (report.Warnings.Count > 0) sentences.Add($"Warnings: {string.Join("; ", report.Warnings)}.");
        return HtmlFragment.Finding(string.Join(" ", sentences));
    }

    /// <summary>The model against the baselines and its fusion counterpart, with the paired tests.</summary>
    public static HtmlFragment Comparisons(EvaluationReport report, RunPair? counterpart)
    {
        var sentences = new List<string>();
        foreach (var b in report.Baselines.Where(b => b.VersusModel is not null))
        {
            var v = b.VersusModel!;
            sentences.Add(string.Create(Inv, $"Against {b.Description} ({b.Auc.Estimate:F3}) the CNN leads by {v.Difference.Estimate:F3} (95% CI {v.Difference.Lower:F3} to {v.Difference.Upper:F3}, DeLong p {PText(v.PValue)})."));
        }
        if (counterpart is { } pair)
        {
            var c = pair.Comparison;
            bool fused = pair.B.Config.UseMetadata;
            sentences.Add(string.Create(Inv,
                $"{(fused ? "Fusing" : "Removing")} age, sex and view {(c.Difference.Lower > 0 ? "lowers" : c.Difference.Upper < 0 ? "raises" : "changes")} the AUC from {c.AucA:F3} to {c.AucB:F3} (difference {-c.Difference.Estimate:+0.000;-0.000}, 95% CI {-c.Difference.Upper:F3} to {-c.Difference.Lower:F3}, p {PText(c.PValue)})")
                + (c.Difference.Lower <= 0 && c.Difference.Upper >= 0 ? ": no difference these images can resolve." : "."));
        }
        else sentences.Add("No run with metadata fusion switched on the same folds was found (train one with compareFusion in notebook 4).");
        return HtmlFragment.Finding(string.Join(" ", sentences));
    }

    /// <summary>Where the model is weakest: the subgroup with the lowest AUC, and whether its interval excludes the pooled AUC.</summary>
    public static HtmlFragment Subgroups(EvaluationReport report)
    {
        var known = report.Subgroups.Where(g => !double.IsNaN(g.Auc.Estimate)).ToList();
        if (known.Count == 0) return HtmlFragment.Finding("No subgroup has both classes: no subgroup AUC.");
        var worst = known.MinBy(g => g.Auc.Estimate)!;
        var sensitivity = report.Subgroups.Where(g => !double.IsNaN(g.AtThreshold.Sensitivity)).MinBy(g => g.AtThreshold.Sensitivity);
        string text = string.Create(Inv,
            $"The lowest subgroup AUC is {worst.Auc.Estimate:F3} for {worst.Variable} {worst.Value} ({worst.Images} images, {worst.Positives} positive; 95% CI {worst.Auc.Lower:F3}–{worst.Auc.Upper:F3}), ")
            + (worst.Auc.Upper < report.Auc.Estimate ? "below the pooled AUC beyond its interval: the model is weaker there." : string.Create(Inv, $"whose interval contains the pooled {report.Auc.Estimate:F3}: no subgroup is measurably worse."));
        if (sensitivity is not null)
            text += string.Create(Inv, $" The lowest sensitivity at the operating threshold is {sensitivity.AtThreshold.Sensitivity:F3} ({sensitivity.Variable} {sensitivity.Value}, {sensitivity.AtThreshold.TruePositives} of {sensitivity.Positives}).");
        return HtmlFragment.Finding(text);
    }

    /// <summary>The Grad-CAM check in words.</summary>
    public static HtmlFragment Localization(EvaluationReport report) => report.Localization is { } loc
        ? HtmlFragment.Finding(string.Create(Inv,
            $"For {loc.PointingGame:P0} of {loc.Images} out-of-fold true positives the Grad-CAM maximum lies within {loc.TolerancePixels} px of the annotated pneumothorax; on average {loc.MassInMask:P0} of the heat lies there (the rest spreads over the lung around it)."))
        : HtmlFragment.Finding("Grad-CAM was not checked against the masks for this run.");

    /// <summary>
    /// The hidden strata in words: the AUC of positives with a drain against those without (the shortcut the literature
    /// warns of shows as a gap), and the false-positive rate on negatives with a skin fold against those without.
    /// </summary>
    public static HtmlFragment Confounders(EvaluationReport report)
    {
        if (report.DrainStrata.Count < 2 || report.SkinFolds.Count == 0)
            return HtmlFragment.Finding($"Drain strata and skin-fold mimics {ConfounderStrata.Unavailable}: they need data annotated for devices.");
        var (with, without) = (report.DrainStrata[0], report.DrainStrata[1]);
        string text = string.Create(Inv,
            $"Positives with a chest drain reach an AUC of {with.Auc.Estimate:F3} ")
            + string.Create(Inv, $"(95% CI {with.Auc.Lower:F3}–{with.Auc.Upper:F3}, {with.Positives} films), ")
            + string.Create(Inv, $"those without one {without.Auc.Estimate:F3} ({without.Auc.Lower:F3}–{without.Auc.Upper:F3}, {without.Positives} films); ")
            + (with.Auc.Lower > without.Auc.Upper
                ? "the intervals do not overlap: the model leans on the drain, and a pneumothorax not yet treated is the one it misses. "
                : "the intervals overlap: no reliance on the drain these films can resolve. ");
        var parts = report.SkinFolds.Select(g =>
        {
            var rate = ConfounderStrata.FalsePositiveRate(g);
            return string.Create(Inv, $"{g.Value} {rate.Estimate:P1} ({rate.Lower:P1}–{rate.Upper:P1}, {g.AtThreshold.FalsePositives} of {g.Images})");
        });
        return HtmlFragment.Finding(text + $"False-positive rate on negatives {string.Join(", against ", parts)}.");
    }

    /// <summary>False-positive rates of AP films with and without ECG leads (Wilson 95% CIs), and sensitivity in both.</summary>
    public static HtmlFragment EcgLeads(IReadOnlyList<SubgroupResult>? groups)
    {
        if (groups is null) return HtmlFragment.Finding("Only the synthetic sample records which films carry ECG leads.");
        var parts = groups.Select(g =>
        {
            int negatives = g.AtThreshold.FalsePositives + g.AtThreshold.TrueNegatives;
            var rate = WilsonInterval.Compute(g.AtThreshold.FalsePositives, negatives);
            return string.Create(Inv, $"{g.Value}: {g.AtThreshold.FalsePositives} false positives in {negatives} normal films ({rate.Estimate:P1}, 95% CI {rate.Lower:P1}–{rate.Upper:P1}), sensitivity {g.AtThreshold.Sensitivity:F3} ({g.AtThreshold.TruePositives} of {g.Positives})");
        });
        return HtmlFragment.Finding($"AP films {string.Join("; ", parts)}.");
    }

    /// <summary>The segmentation run in words: Dice, Dice on positives, image AUC, and against the classifier on the same folds.</summary>
    public static HtmlFragment Segmentation(SegmentationReport report, RunPair? classifier)
    {
        var text = string.Create(Inv,
            $"Out of fold the U-Net reaches a mean Dice of {report.Dice.Estimate:F3} (95% CI {report.Dice.Lower:F3}–{report.Dice.Upper:F3}; an empty truth with an empty prediction scores 1), {report.DiceOnPositives.Estimate:F3} on the films with a pneumothorax, and an image-level AUC of {report.Auc.Estimate:F3} from its top pixel. ");
        if (classifier is { } pair)
        {
            var c = pair.Comparison;
            text += string.Create(Inv, $"The classifier on the same folds and images scores {c.AucB:F3}; segmenter minus classifier {c.Difference.Estimate:+0.000;-0.000} (95% CI {c.Difference.Lower:F3} to {c.Difference.Upper:F3}, DeLong p {PText(c.PValue)}).");
        }
        else text += "No finished classification run on the same folds was found to compare with.";
        return HtmlFragment.Finding(text);
    }

    private static string PText(double p) => p < 0.001 ? "< 0.001" : string.Create(Inv, $"= {p:0.###}");
}

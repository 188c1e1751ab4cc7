using System.Globalization;
using Pneumo.Runs;
using Pneumo.Charts;
using Pneumo.Data;
using Pneumo.Dicom;
using Pneumo.Imaging;
using Pneumo.Metrics;
using Pneumo.Tables;
using Pneumo.Training;

namespace Pneumo.Workbook;

/// <summary>One-line helpers the notebooks call: header tables, thumbnails, overlays, curves, galleries.</summary>
public static class Exploration
{
    /// <summary>Tags never shown in published output: patient and physician identities.</summary>
    public static readonly DicomTag[] Identifiers =
        [DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate, DicomTags.ReferringPhysicianName, DicomTags.AccessionNumber];

    /// <summary>One DICOM header as a table (keyword, tag, VR, value); identifiers are masked.</summary>
    public static HtmlFragment HeaderTable(string path)
    {
        var file = DicomFile.OpenHeader(path);
        var rows = file.FileMetaInformation.Elements.Concat(file.Dataset.Elements).Select(e => new object?[]
        {
            e.Keyword ?? "(private)", e.Tag.ToString(), e.VR.Code(),
            Identifiers.Contains(e.Tag) ? "(hidden: identifier)" : (file.FileMetaInformation.Contains(e.Tag) ? file.FileMetaInformation : file.Dataset).GetString(e.Tag) ?? $"{e.RawValue.Length} bytes",
        });
        return HtmlFragment.Table(["Keyword", "Tag", "VR", "Value"], rows);
    }

    /// <summary>A film as a PNG thumbnail (presentation image, area-averaged).</summary>
    public static byte[] Thumbnail(string path, int size = 256)
    {
        var image = DicomImage.Open(path);
        var small = AreaResize.Resize(image.Render8(), image.Width, image.Height, size, size);
        return PngImage.Encode(small, size, size);
    }

    /// <summary>A film with its pneumothorax mask outlined, as a PNG thumbnail.</summary>
    public static byte[] MaskThumbnail(SiimDataset dataset, LabelFile labels, ImageMetadata row, int size = 256)
    {
        var (image, mask) = RefinedCache.Render(dataset, labels, row, size);
        return PngImage.Encode(Overlay.Mask(image, mask ?? new byte[size * size], size, size), size, size, 3);
    }

    /// <summary>
    /// Eight films side by side: four negatives (on the synthetic sample one with a skin fold and one with a chest drain,
    /// from its record) and four positives with their masks outlined — the smallest lesion, the largest, and two between —
    /// each captioned with its view, its devices and the lesion's share of the image.
    /// </summary>
    public static HtmlFragment FilmGallery(SiimDataset dataset, LabelFile labels, MetadataTable metadata, WorkbookSettings settings, int size = 256)
    {
        var devices = settings.UsesSyntheticSample ? Synthesis.SyntheticRecord.DevicesOf(settings.DataRoot) : null;
        Synthesis.FilmDevices? DevicesOf(ImageMetadata r) => devices is not null && devices.TryGetValue(r.ImageId, out var d) ? d : null;
        var negatives = metadata.Rows.Where(r => r.Label == 0 && r.Flags == "").ToList();
        var chosen = new List<ImageMetadata>();
        void Take(Func<ImageMetadata, bool> wanted)
        {
            if (negatives.FirstOrDefault(r => wanted(r) && !chosen.Contains(r)) is { } row) chosen.Add(row);
        }
        Take(r => r.ViewPosition == "PA" && DevicesOf(r) is null or { ChestDrain: false, SkinFold: false, EcgLeads: false });
        Take(r => r.ViewPosition == "AP" && DevicesOf(r) is null or { ChestDrain: false, SkinFold: false });
        Take(r => DevicesOf(r)?.SkinFold == true);
        Take(r => DevicesOf(r)?.ChestDrain == true);
        while (chosen.Count < 4 && negatives.Except(chosen).FirstOrDefault() is { } more) chosen.Add(more);
        var positives = metadata.Rows.Where(r => r.Label == 1 && r.MaskArea > 0 && r.Flags == "").OrderBy(r => r.MaskArea).ToList();
        var picks = positives.Count <= 4 ? positives
            : new[] { 0, positives.Count / 3, 2 * positives.Count / 3, positives.Count - 1 }.Select(i => positives[i]).ToList();
        string Caption(ImageMetadata r)
        {
            var d = DevicesOf(r);
            var things = d is null ? [] : new[] { d.ChestDrain ? "chest drain" : null, d.SkinFold ? "skin fold" : null, d.EcgLeads ? "ECG leads" : null,
                d.CentralLine ? "central line" : null, d.EndotrachealTube ? "ET tube" : null, d.NasogastricTube ? "NG tube" : null }.OfType<string>().ToArray();
            string lesion = r.Label == 1 && LesionSizeBands.ShareOf(r) is { } share
                ? string.Create(CultureInfo.InvariantCulture, $", lesion {share:P2} of the image") : "";
            string devices = things.Length > 0 ? "; " + string.Join(", ", things) : "";
            return $"{(r.Label == 1 ? "pneumothorax" : "no pneumothorax")}, {r.ViewPosition}{lesion}{devices}";
        }
        return HtmlFragment.Gallery(chosen.Select(r => (Thumbnail(dataset.Absolute(r.Path), size), Caption(r)))
            .Concat(picks.Select(r => (MaskThumbnail(dataset, labels, r, size), Caption(r)))), size);
    }

    /// <summary>The positives with and without a chest drain, each against all negatives; a sentence when the data carry no device labels.</summary>
    public static HtmlFragment DrainStrataTable(EvaluationReport report) =>
        report.DrainStrata.Count == 0 ? NoDeviceLabels : SubgroupTable(report.DrainStrata);

    /// <summary>The negatives with and without a skin fold: false positives at each fold's threshold, rate with its 95% Wilson CI.</summary>
    public static HtmlFragment MimicTable(EvaluationReport report) => report.SkinFolds.Count == 0 ? NoDeviceLabels
        : HtmlFragment.Table(["negatives", "films", "false positives", "false-positive rate (95% CI)"], report.SkinFolds.Select(g =>
        {
            var rate = ConfounderStrata.FalsePositiveRate(g);
            return new object?[] { g.Value, g.Images, g.AtThreshold.FalsePositives, $"{F(rate.Estimate)} ({F(rate.Lower)}–{F(rate.Upper)})" };
        }));

    private static HtmlFragment NoDeviceLabels => HtmlFragment.Finding(
        $"Drain strata and skin-fold mimics {ConfounderStrata.Unavailable}; only the synthetic sample records its drains and skin folds.");

    /// <summary>Learning curves (loss and inner-validation AUC) of every fold of a run.</summary>
    public static (StudyChart Loss, StudyChart Auc) LearningCurves(ExperimentRun run) => StudyCharts.LearningCurves(run.EpochHistories());

    /// <summary>Learning curves of the run in <paramref name="runFolder"/>.</summary>
    public static (StudyChart Loss, StudyChart Auc) LearningCurves(string runFolder) => LearningCurves(ExperimentRun.Open(runFolder));

    /// <summary>Grad-CAM overlays of the given out-of-fold predictions.</summary>
    public static HtmlFragment GradCamGallery(ExperimentRun run, IEnumerable<OutOfFoldPrediction> predictions)
    {
        var images = new List<(byte[], string)>();
        using var models = run.OpenModels(); // each fold's model loaded once
        foreach (var p in predictions)
        {
            var (heat, probability, pixels) = models.GradCam(p.ImageId);
            int size = (int)Math.Sqrt(pixels.Length);
            images.Add((PngImage.Encode(Overlay.Heatmap(pixels, heat, size, size), size, size, 3),
                string.Create(CultureInfo.InvariantCulture, $"{(p.Label == 1 ? "pneumothorax" : "normal")}, p = {probability:F3}, fold {p.Fold}")));
        }
        return HtmlFragment.Gallery(images);
    }

    /// <summary>A confusion matrix as a small table.</summary>
    public static HtmlFragment ConfusionTable(ConfusionMatrix m) => HtmlFragment.Table(
        ["", "predicted pneumothorax", "predicted normal"],
        [["pneumothorax", m.TruePositives, m.FalseNegatives], ["normal", m.FalsePositives, m.TrueNegatives]]);

    /// <summary>
    /// Every run folder side by side: id, task, date, commit, the parameters that differ from the defaults, pooled AUC
    /// with CI (a segmentation run's image AUC from its masks), average precision, calibration error, each fold's AUC,
    /// and a segmentation run's mean Dice (pooled and per fold); unfinished runs are marked.
    /// </summary>
    public static HtmlFragment RunTable(IReadOnlyList<RunSummary> runs)
    {
        var inv = CultureInfo.InvariantCulture;
        return HtmlFragment.Table(["run", "task", "created (UTC)", "commit", "changed parameters", "pooled AUC (95% CI)", "average precision", "calibration error", "fold AUCs", "mean Dice (95% CI)", "fold Dice", "status"],
            runs.Select(r => new object?[]
            {
                r.Id, r.Task, r.Created.ToString("yyyy-MM-dd HH:mm", inv), r.GitCommit.Length > 12 ? r.GitCommit[..12] + (r.GitCommit.EndsWith("-dirty", StringComparison.Ordinal) ? "-dirty" : "") : r.GitCommit,
                r.Changed.Count == 0 ? "(defaults)" : string.Join(", ", r.Changed.Where(c => c.Key != "task").Select(c => $"{c.Key}={c.Value}").DefaultIfEmpty("(defaults)")),
                r.Finished ? $"{F(r.Auc)} ({F(r.AucLower)}–{F(r.AucUpper)})" : "", F(r.AveragePrecision), F(r.CalibrationError),
                string.Join(" · ", r.FoldAucs.Select(v => F(v))),
                r.Dice is { } d ? $"{F(d.Estimate)} ({F(d.Lower)}–{F(d.Upper)})" : "", string.Join(" · ", r.FoldDices.Select(v => F(v))),
                r.Finished ? "finished" : $"unfinished: {r.FoldsDone}/{r.Folds} folds",
            }));
    }

    /// <summary>Per fold: images, positives, AUC, AP, and what was fitted on its inner validation (temperature, bias, thresholds).</summary>
    public static HtmlFragment FoldTable(EvaluationReport report)
    {
        return HtmlFragment.Table(["fold", "images", "positives", "ROC AUC", "average precision", "temperature", "bias", "Youden threshold", "90%-specificity threshold"],
            report.Folds.Select(f => new object?[] { f.Fold, f.Images, f.Positives, F(f.Auc), F(f.AveragePrecision), F(f.Temperature, "F2"), F(f.CalibrationBias, "F2"), F(f.YoudenThreshold), F(f.Specificity90Threshold) }));
    }

    /// <summary>
    /// The operating points side by side: each fold at the thresholds chosen on its inner validation (honest), and the
    /// pooled thresholds chosen on the out-of-fold predictions themselves (optimistic).
    /// </summary>
    public static HtmlFragment OperatingPointTable(EvaluationReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<object?[]>();
        void Add(string name, ConfusionMatrix? m)
        {
            if (m is null) return;
            rows.Add([name, m.Sensitivity.ToString("F3", inv), m.Specificity.ToString("F3", inv), m.Precision.ToString("F3", inv), m.F1.ToString("F3", inv),
                $"{m.TruePositives} / {m.FalsePositives} / {m.TrueNegatives} / {m.FalseNegatives}"]);
        }
        Add("Youden, each fold's own threshold (inner validation)", report.AtYoudenInnerValidation);
        Add("90% specificity, each fold's own threshold (inner validation)", report.AtSpecificity90InnerValidation);
        Add(string.Create(inv, $"Youden, pooled threshold {report.AtYouden.Threshold:F3} chosen on these predictions (optimistic)"), report.AtYouden);
        Add(string.Create(inv, $"90% specificity, pooled threshold {report.AtSpecificity90.Threshold:F3} chosen on these predictions (optimistic)"), report.AtSpecificity90);
        return HtmlFragment.Table(["operating point", "sensitivity", "specificity", "precision", "F1", "TP / FP / TN / FN"], rows);
    }

    /// <summary>
    /// The CNN beside the simple baselines on the same folds: pooled AUC with CI, each fold's AUC, and the CNN's lead
    /// over each baseline with its CI and DeLong's paired p-value; with <paramref name="counterpart"/> (the same CNN
    /// with metadata fusion switched, <see cref="Study.FusionCounterpartOf"/>) that model and its paired comparison too.
    /// </summary>
    public static HtmlFragment BaselineTable(EvaluationReport report, string model = "the CNN", RunPair? counterpart = null)
    {
        string Ci(ConfidenceInterval c) => $"{F(c.Estimate)} ({F(c.Lower)}–{F(c.Upper)})";
        string Versus(PairedAucComparison? v) => v is null ? "" : $"{F(v.Difference.Estimate, "+0.000;-0.000")} ({F(v.Difference.Lower)} to {F(v.Difference.Upper)})";
        string P(PairedAucComparison? v) => v is null ? "" : v.PValue < 0.001 ? "< 0.001" : F(v.PValue);
        var rows = new List<object?[]> { new object?[] { model, Ci(report.Auc), string.Join(" · ", report.Folds.Select(f => F(f.Auc))), "", "" } };
        if (counterpart is { } pair)
        {
            var other = pair.B.ReadSavedMetrics();
            rows.Add([$"the same CNN {(pair.B.Config.UseMetadata ? "with" : "without")} age, sex and view fused (run {pair.B.Info.Id})",
                other is null ? F(pair.Comparison.AucB) : Ci(other.Auc), other is null ? "" : string.Join(" · ", other.Folds.Select(f => F(f.Auc))),
                Versus(pair.Comparison), P(pair.Comparison)]);
        }
        rows.AddRange(report.Baselines.Select(b => new object?[] { b.Description, Ci(b.Auc), string.Join(" · ", b.FoldAucs.Select(v => F(v))), Versus(b.VersusModel), P(b.VersusModel) }));
        return HtmlFragment.Table(["model (same folds)", "pooled out-of-fold AUC (95% CI)", "fold AUCs", $"{model} minus this model (95% CI)", "paired p (DeLong)"], rows);
    }

    /// <summary>Performance by view position, sex and age band: images, positives, AUC with CI, sensitivity and specificity at each fold's Youden threshold.</summary>
    public static HtmlFragment SubgroupTable(EvaluationReport report) => SubgroupTable(report.Subgroups);

    /// <summary>Subgroups as a table: images, positives, AUC with CI, sensitivity, specificity and the false positives at the threshold.</summary>
    public static HtmlFragment SubgroupTable(IReadOnlyList<SubgroupResult> subgroups) => HtmlFragment.Table(
        ["variable", "group", "images", "positives", "AUC (95% CI)", "sensitivity", "specificity", "false positives"],
        subgroups.Select(g => new object?[] { g.Variable, g.Value, g.Images, g.Positives,
            double.IsNaN(g.Auc.Estimate) ? "(one class only)" : $"{F(g.Auc.Estimate)} ({F(g.Auc.Lower)}–{F(g.Auc.Upper)})", F(g.AtThreshold.Sensitivity), F(g.AtThreshold.Specificity),
            $"{g.AtThreshold.FalsePositives} of {g.AtThreshold.FalsePositives + g.AtThreshold.TrueNegatives}" }));

    /// <summary>
    /// On the synthetic sample: the AP films with and without ECG leads (the generator's record says which), by the
    /// run's out-of-fold predictions at each fold's Youden threshold — whether leads, thin bright lines over the lung,
    /// pass for a pleural line. Null for other data (no record).
    /// </summary>
    public static IReadOnlyList<SubgroupResult>? EcgLeadSubgroups(WorkbookSettings settings, EvaluationReport report, IReadOnlyList<OutOfFoldPrediction> predictions)
    {
        if (!settings.UsesSyntheticSample || !File.Exists(Path.Combine(settings.DataRoot, Synthesis.SyntheticRecord.FileName))) return null;
        var record = Synthesis.SyntheticRecord.Load(settings.DataRoot);
        var images = record.Images.ToDictionary(i => i.ImageId, StringComparer.Ordinal);
        var thresholds = report.Folds.ToDictionary(f => f.Fold, f => double.IsNaN(f.YoudenThreshold) ? report.AtYouden.Threshold : f.YoudenThreshold);
        return SubgroupAnalysis.ComputeBy("AP films", predictions,
            p => images.TryGetValue(p.ImageId, out var i) && i.ViewPosition == "AP" ? (i.EcgLeads ? "with ECG leads" : "without ECG leads") : null,
            p => thresholds[p.Fold]);
    }

    /// <summary>The subgroups' AUCs as a forest plot, with the pooled AUC as the reference line.</summary>
    public static StudyChart SubgroupForest(EvaluationReport report) => StudyCharts.Forest(
        report.Subgroups.Select(g => ($"{g.Variable} {g.Value} (n={g.Images})", g.Auc)).ToList(),
        "Out-of-fold AUC by subgroup (95% bootstrap CI); dashed: pooled", "ROC AUC", report.Auc.Estimate);

    /// <summary>The pneumothorax rate per view position, sex and age band (Wilson 95% CIs) as a forest plot, with the overall rate as reference.</summary>
    public static StudyChart LabelRateForest(MetadataTable metadata)
    {
        var rows = new List<(string, ConfidenceInterval)>();
        foreach (var variable in new[] { "ViewPosition", "PatientSex", "AgeBand" })
        {
            var table = metadata.LabelRates(variable);
            foreach (var r in table.Rows)
                rows.Add(($"{variable} {r[0]} (n={r[1]})", new ConfidenceInterval((double)r[3]!, (double)r[4]!, (double)r[5]!, 0.95)));
        }
        var labelled = metadata.Rows.Where(r => r.Label is not null).ToList();
        return StudyCharts.Forest(rows, "Pneumothorax rate by view, sex and age band (95% Wilson CI); dashed: all images", "share of images with pneumothorax",
            labelled.Count == 0 ? null : labelled.Average(r => (double)r.Label!.Value));
    }

    /// <summary>The seeds of a multi-seed study: each seed's folds and pooled AUC, then mean ± sd (<see cref="SeedSummary.Table"/>).</summary>
    public static HtmlFragment SeedTable(SeedSummary summary)
    {
        var (header, rows) = summary.Table();
        return HtmlFragment.Table(header, rows);
    }

    /// <summary>A segmentation run per fold: images, positives, Dice, Dice on positives, image AUC and the triplet chosen on the inner validation.</summary>
    public static HtmlFragment SegmentationFoldTable(SegmentationReport report) => HtmlFragment.Table(
        ["fold", "images", "positives", "mean Dice", "Dice on positives", "image AUC", "top score", "min area (px)", "bottom score", "inner-validation Dice"],
        report.Folds.Select(f => new object?[] { f.Fold, f.Images, f.Positives, F(f.Dice), F(f.DiceOnPositives), F(f.Auc), F(f.Decision.TopScore, "F2"), f.Decision.MinArea, F(f.Decision.BottomScore, "F2"), F(f.ValidationDice) })
            .Append(["pooled", report.Folds.Sum(f => f.Images), report.Folds.Sum(f => f.Positives), $"{F(report.Dice.Estimate)} ({F(report.Dice.Lower)}–{F(report.Dice.Upper)})",
                $"{F(report.DiceOnPositives.Estimate)} ({F(report.DiceOnPositives.Lower)}–{F(report.DiceOnPositives.Upper)})", $"{F(report.Auc.Estimate)} ({F(report.Auc.Lower)}–{F(report.Auc.Upper)})", "", "", "", ""]));

    /// <summary>
    /// Films of a segmentation run with the true mask (green, tinted) and the predicted one (red outline), at the cache's
    /// size, captioned with the image's Dice.
    /// </summary>
    public static HtmlFragment SegmentationGallery(ExperimentRun run, IEnumerable<(string ImageId, int Fold, int Label, double Dice)> images)
    {
        using var cache = RefinedCache.Open(run.Info.RefinedCache);
        var predicted = SegmentationRun.ReadMasks(run);
        var rows = run.ReadCleanTable().Rows.ToDictionary(r => r.ImageId, StringComparer.Ordinal);
        int n = cache.Size;
        var shown = new List<(byte[], string)>();
        foreach (var (id, fold, label, dice) in images)
        {
            var entry = cache.Find(id) ?? throw new DataFileException($"{cache.Folder}: {id} is not cached");
            var gray = new byte[n * n];
            var truth = new byte[n * n];
            cache.ReadImage(entry, gray);
            if (label == 1) cache.ReadMask(entry, truth);
            var row = rows[id];
            var mask = predicted.MaskOf(id, row.Columns ?? 1024, row.Rows ?? 1024).Resize(n, n, 0.25).Pixels;
            var rgb = Overlay.Mask(gray, truth, n, n, (40, 220, 60), 0.3);
            for (int i = 0; i < mask.Length; i++)
            {
                int x = i % n, y = i / n;
                bool edge = mask[i] != 0 && (x == 0 || y == 0 || x == n - 1 || y == n - 1 || mask[i - 1] == 0 || mask[i + 1] == 0 || mask[i - n] == 0 || mask[i + n] == 0);
                if (edge) (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = ((byte)255, (byte)40, (byte)40);
            }
            shown.Add((PngImage.Encode(rgb, n, n, 3), string.Create(CultureInfo.InvariantCulture, $"{(label == 1 ? "pneumothorax" : "normal")}, fold {fold}, Dice {dice:F3}")));
        }
        return HtmlFragment.Gallery(shown);
    }

    /// <summary>A figure for a table cell: fixed decimals, empty when undefined (NaN).</summary>
    private static string F(double v, string format = "F3") => double.IsNaN(v) ? "" : v.ToString(format, CultureInfo.InvariantCulture);
}

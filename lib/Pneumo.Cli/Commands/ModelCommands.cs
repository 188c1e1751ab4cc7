using System.CommandLine;
using System.Globalization;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;
using Pneumo.Runs;
using Pneumo.Training;
using Pneumo.Workbook;

namespace Pneumo.Cli.Commands;

/// <summary><c>pneumo folds</c>, <c>pneumo train</c>, <c>pneumo evaluate</c>.</summary>
internal static class ModelCommands
{
    /// <summary>The defaults, from their one place (TrainingConfig).</summary>
    private static readonly TrainingConfig Defaults = new();

    public static IEnumerable<Command> Create() => [FoldsCommand(), Train(), Evaluate(), Compare()];

    private static Command FoldsCommand()
    {
        var clean = new Option<string>("--clean") { Description = "clean.csv from `pneumo clean`.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "folds.csv to write (fold-balance.csv goes beside it).", Required = true };
        var k = new Option<int>("--folds", "-k") { Description = "Number of folds.", DefaultValueFactory = _ => Defaults.Folds };
        var seed = new Option<int>("--seed") { Description = "Seed of the split.", DefaultValueFactory = _ => Defaults.Seed };
        var cmd = new Command("folds", "Stratified (by label), patient-grouped K-fold split.") { clean, output, k, seed };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var table = MetadataTable.ReadCsv(p.GetValue(clean)!);
            var samples = table.Rows.Select(r => new FoldSample(r.ImageId, r.Label ?? 0, r.PatientKey)).ToList();
            var folds = FoldAssignment.Create(samples, p.GetValue(k), p.GetValue(seed));
            folds.Write(p.GetValue(output)!);
            Console.WriteLine("fold  images  positives  share   patients");
            foreach (var b in folds.Balance())
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b.Fold,4}  {b.Images,6}  {b.Positives,9}  {b.PositiveShare,5:P1}  {b.Patients,8}"));
            return 0;
        }));
        return cmd;
    }

    private static Command Train()
    {
        var clean = new Option<string?>("--clean") { Description = "clean.csv (default: the study's, under data/derived/<dataset>/cleaned/)." };
        var foldsPath = new Option<string?>("--folds-file") { Description = "folds.csv (default: the study's, beside clean.csv)." };
        var refined = new Option<string?>("--refined") { Description = "Refined root (default: the study's, under data/derived/<dataset>/refined/)." };
        var runs = new Option<string?>("--runs") { Description = "Where run folders go (default results/runs)." };
        var fold = new Option<int?>("--fold") { Description = "Train only this fold (with --run: one fold of a shared run, e.g. one job of a Slurm array)." };
        var all = new Option<bool>("--all") { Description = "Train every fold (the default)." };
        // every training parameter is a flag (--learning-rate, --wires...), generated from the one parameter set; a flag left
        // out keeps the study's value: its PNEUMO_* variable, else the default
        var flags = StudyParameters.All.Where(x => x.Training && x.Name != "folds").Select(x => (Parameter: x, Option: Flag(x))).ToList();
        var parameter = new Option<string[]>("--parameter", "-p")
        {
            Description = "Any study parameter, name=value (e.g. -p weightDecay=1e-3 -p wires=0); after the PNEUMO_* variables, before the flags above.",
            AllowMultipleArgumentsPerToken = false,
        };
        var resume = new Option<string?>("--resume", "--run") { Description = "An existing run folder: continue it, or (with --fold) train one of its folds from any machine that sees the folder." };
        var noTrain = new Option<bool>("--no-train") { Description = "Create the run folder and print its path without training (then train its folds as separate jobs)." };
        var cmd = new Command("train", "Train per fold with checkpoints; evaluates out of fold when all folds are done.") { clean, foldsPath, refined,
            runs, fold, all };
        foreach (var (_, option) in flags) cmd.Options.Add(option);
        foreach (var option in new Option[] { parameter, resume, noTrain }) cmd.Options.Add(option);
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var settings = WorkbookCommand.Settings();
            ExperimentRun run;
            if (p.GetValue(resume) is { } resumeFolder)
            {
                run = ExperimentRun.Open(resumeFolder);
                Console.WriteLine(p.GetValue(fold) is { } k ? $"fold {k} of {run.Folder}" : $"resuming {run.Folder}");
            }
            else
            {
                // one parameter set, as the study and the notebooks read it: PNEUMO_* variables, then -p, then the flags
                var parameters = settings.Parameters.Clone();
                foreach (var (name, value) in NotebooksCommand.ParseParameters(p.GetValue(parameter) ?? [])) parameters.Set(name, value);
                foreach (var (x, option) in flags)
                    if (p.GetResult(option) is { } given) x.Set(parameters, x.Parse(p.GetValue(option) ?? (given.Implicit ? "" : "true"),
                        "--" + Kebab(x.Name)));
                var config = parameters.Training;
                var folds = FoldAssignment.Read(p.GetValue(foldsPath) ?? settings.FoldsFile);
                config = config with { Folds = folds.FoldCount };
                var table = MetadataTable.ReadCsv(p.GetValue(clean) ?? settings.CleanTable);
                var cacheFolder = RefinedCache.FolderFor(p.GetValue(refined) ?? settings.RefinedFolder, config.ImageSize);
                run = ExperimentRun.Create(p.GetValue(runs) ?? settings.RunsFolder, config, table, folds, cacheFolder, parameters.Changed(), settings.DataRoot);
                if (run.InitWeightsReport is { } w) Console.WriteLine($"initial weights {w}");
                Console.WriteLine($"run {run.Folder}");
                if (p.GetValue(noTrain)) return 0;
            }
            Console.WriteLine($"device {run.Info.Device}; commit {run.Info.GitCommit}");
            return ConsoleInterrupt.Run(cancel => run.Resumably(() =>
            {
                if (run.Config.Task == TrainingTask.Segmentation)
                {
                    var segmentation = SegmentationRun.Train(run, new TrainingProgressBar(), cancel, p.GetValue(fold));
                    if (segmentation is null) Console.WriteLine($"folds remain; run again with --resume {run.Folder} (or the missing --fold)");
                    else PrintSegmentation(segmentation, run.Layout);
                    return 0;
                }
                var report = run.Train(new TrainingProgressBar(), cancel, p.GetValue(fold));
                if (report is null) Console.WriteLine($"folds remain; run again with --resume {run.Folder} (or the missing --fold)");
                else PrintReport(report, run.Folder);
                return 0;
            }, cancel));
        }));
        return cmd;
    }

    /// <summary>The flag of a training parameter: <c>--kebab-name VALUE</c> (a bare boolean flag means true), with the old short names kept.</summary>
    private static Option<string?> Flag(StudyParameter x)
    {
        string[] aliases = x.Name switch { "imageSize" => ["--size"], "learningRate" => ["--lr"], "useMetadata" => ["--metadata"], _ => [] };
        var defaultValue = Convert.ToString(x.Get(new StudyParameters()), CultureInfo.InvariantCulture)?.ToLowerInvariant();
        return new Option<string?>("--" + Kebab(x.Name), aliases)
        {
            Description = $"{char.ToUpperInvariant(x.Description[0])}{x.Description[1..]} (default: {x.EnvironmentVariable}, else {(defaultValue is { Length: > 0 } d ? d : "none")}).",
            Arity = x.Type == typeof(bool) ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        };
    }

    private static string Kebab(string camel) => string.Concat(camel.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));

    private static Command Compare()
    {
        var a = new Argument<string>("RUN_A") { Description = "A finished classification run folder." };
        var b = new Argument<string>("RUN_B") { Description = "Another, trained on the same split (e.g. the same seed with one parameter changed)." };
        var cmd = new Command("compare", "Compare two finished runs on the same out-of-fold images: what differs, every fold's AUC, the pooled AUCs, "
            + "the difference with its CI and DeLong's paired test, and the size bands and drain strata side by side.") { a, b };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var (runA, runB) = (ExperimentRun.Open(p.GetValue(a)!), ExperimentRun.Open(p.GetValue(b)!));
            var pair = RunPair.Compare(runA, runB);
            var (ra, rb) = (runA.ReadReport()!, runB.ReadReport()!);
            var inv = CultureInfo.InvariantCulture;
            var keys = runA.RecordedParameters.Keys.Union(runB.RecordedParameters.Keys).Order(StringComparer.Ordinal);
            var differ = keys.Where(k => runA.RecordedParameters.GetValueOrDefault(k) != runB.RecordedParameters.GetValueOrDefault(k))
                .Select(k => $"{k} {runA.RecordedParameters.GetValueOrDefault(k) ?? "(default)"} / "
                    + $"{runB.RecordedParameters.GetValueOrDefault(k) ?? "(default)"}")
                .ToList();
            Console.WriteLine($"A: {runA.Info.Id}\nB: {runB.Info.Id}");
            Console.WriteLine($"parameters that differ (A / B): {(differ.Count == 0 ? "none" : string.Join(", ", differ))}");
            static string Ci(ConfidenceInterval c) => string.Create(CultureInfo.InvariantCulture, $"{c.Estimate:F3} ({c.Lower:F3}-{c.Upper:F3})");
            Console.WriteLine($"  folds A: {string.Join(", ", ra.Folds.Select(f => f.Auc.ToString("F3", inv)))}");
            Console.WriteLine($"  folds B: {string.Join(", ", rb.Folds.Select(f => f.Auc.ToString("F3", inv)))}");
            Console.WriteLine($"  pooled AUC A {Ci(ra.Auc)}, B {Ci(rb.Auc)}");
            var c = pair.Comparison;
            Console.WriteLine(string.Create(inv, $"  A minus B {c.Difference.Estimate:+0.000;-0.000} ")
                + string.Create(inv, $"(95% CI {c.Difference.Lower:F3} to {c.Difference.Upper:F3}), DeLong z {c.Z:F2}, p {c.PValue:G3}"));
            foreach (var (sa, sb) in ra.SizeBands.Concat(ra.DrainStrata).Zip(rb.SizeBands.Concat(rb.DrainStrata)))
                Console.WriteLine($"  {sa.Variable} {sa.Value} ({sa.Positives} positives): A {Ci(sa.Auc)}, B {Ci(sb.Auc)}");
            return 0;
        }));
        return cmd;
    }

    private static Command Evaluate()
    {
        var runArg = new Argument<string>("RUN") { Description = "A run folder." };
        var gradcam = new Option<int>("--gradcam") { Description = "Write Grad-CAM overlays of the N most confident true positives and the N worst errors to RUN/gradcam/.", DefaultValueFactory = _ => 0 };
        var cmd = new Command("evaluate", "Evaluate a run's out-of-fold predictions (AUC with CI, AP, thresholds, calibration), pooling whatever folds are done.") { runArg, gradcam };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var run = ExperimentRun.Open(p.GetValue(runArg)!);
            if (run.Config.Task == TrainingTask.Segmentation)
            {
                PrintSegmentation(SegmentationRun.Evaluate(run), run.Layout);
                return 0;
            }
            if (run.MissingFolds is { Count: > 0 } missing)
                Console.WriteLine($"folds {string.Join(", ", missing)} of {run.Config.Folds} are not trained yet: evaluating the {run.Config.Folds - missing.Count} done (train the rest with ./pneumo train --run {run.Folder} --fold K)");
            var report = run.Evaluate(partial: true) ?? throw new DataFileException($"{run.Folder}: no fold has predictions yet; train one with ./pneumo train --run {run.Folder} --fold 0");
            PrintReport(report, run.Folder);
            int n = p.GetValue(gradcam);
            if (n > 0)
            {
                var predictions = EvaluationReport.ReadPredictions(run.PredictionsPath);
                var chosen = predictions.Where(x => x.Label == 1).OrderByDescending(x => x.Probability).Take(n).Select(x => ("tp", x))
                    .Concat(EvaluationReport.WorstErrors(predictions, n).Select(x => (x.Label == 1 ? "fn" : "fp", x)));
                var folder = run.Layout.GradCam;
                foreach (var (kind, x) in chosen)
                {
                    var (heat, probability, image) = run.GradCamOf(x.ImageId);
                    int size = (int)Math.Sqrt(image.Length);
                    var file = Path.Combine(folder, $"{kind}-{probability:F3}-{x.ImageId}.png".Replace(',', '.'));
                    Pneumo.Imaging.PngImage.Save(file, Pneumo.Imaging.Overlay.Heatmap(image, heat, size, size), size, size, 3);
                }
                Console.WriteLine($"Grad-CAM overlays in {folder}");
            }
            return 0;
        }));
        return cmd;
    }

    /// <summary>Prints a segmentation run's pooled and per-fold figures.</summary>
    internal static void PrintSegmentation(SegmentationReport r, RunLayout layout)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"out-of-fold mean Dice {r.Dice} (competition rule: empty/empty = 1), Dice on positives {r.DiceOnPositives}, image AUC from the masks {r.Auc}"));
        foreach (var f in r.Folds)
            Console.WriteLine(string.Create(inv, $"  fold {f.Fold}: {f.Images} images, {f.Positives} positive, Dice {f.Dice:F3}, on positives {f.DiceOnPositives:F3}, AUC {f.Auc:F3}; triplet top {f.Decision.TopScore:F2}, min area {f.Decision.MinArea} px, bottom {f.Decision.BottomScore:F2} (inner-validation Dice {f.ValidationDice:F3})"));
        Console.WriteLine($"  {layout.OutOfFoldMasks} (Kaggle layout), {layout.Metrics}");
    }

    internal static void PrintReport(EvaluationReport r, string folder)
    {
        var ci = r.Auc;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pooled out-of-fold ROC AUC {ci.Estimate:F3} (95% CI {ci.Lower:F3}-{ci.Upper:F3}), average precision {r.AveragePrecision:F3}"));
        var inv = CultureInfo.InvariantCulture;
        foreach (var f in r.Folds)
            Console.WriteLine(string.Create(inv, $"  fold {f.Fold}: {f.Images} images, {f.Positives} positive, AUC {f.Auc:F3}, AP {f.AveragePrecision:F3}")
                + (double.IsNaN(f.Temperature) ? "" : string.Create(inv, $", temperature {f.Temperature:F2}, bias {f.CalibrationBias:F2}, Youden threshold {f.YoudenThreshold:F3}")));
        static string Counts(ConfusionMatrix m) => string.Create(CultureInfo.InvariantCulture,
            $"sensitivity {m.Sensitivity:F3}, specificity {m.Specificity:F3}, F1 {m.F1:F3} (TP {m.TruePositives}, FP {m.FalsePositives}, TN {m.TrueNegatives}, FN {m.FalseNegatives})");
        foreach (var (name, honest) in new[] { ("Youden", r.AtYoudenInnerValidation), ("90% specificity", r.AtSpecificity90InnerValidation) })
            if (honest is not null) Console.WriteLine($"  at each fold's {name} threshold (chosen on its inner validation): {Counts(honest)}");
        foreach (var (name, m) in new[] { ("Youden", r.AtYouden), ("90% specificity", r.AtSpecificity90) })
            Console.WriteLine(string.Create(inv, $"  at the pooled {name} threshold {m.Threshold:F3} (chosen on these predictions: optimistic): ") + Counts(m));
        Console.WriteLine(string.Create(inv, $"  expected calibration error {r.ExpectedCalibrationError:F3}")
            + (double.IsNaN(r.ExpectedCalibrationErrorUncalibrated) ? "" : string.Create(inv, $" (before calibration {r.ExpectedCalibrationErrorUncalibrated:F3})")));
        foreach (var b in r.Baselines)
            Console.WriteLine(string.Create(inv, $"  baseline {b.Name} ({b.Description}): AUC {b.Auc.Estimate:F3} (95% CI {b.Auc.Lower:F3}-{b.Auc.Upper:F3}); folds {string.Join(", ", b.FoldAucs.Select(a => a.ToString("F3", inv)))}"));
        foreach (var (name, s) in r.SizeBands.Select(b => ("lesion size " + b.Value, b)).Concat(r.DrainStrata.Select(d => ("positives " + d.Value, d))))
            Console.WriteLine(string.Create(inv, $"  {name}: {s.Positives} positives against all negatives, AUC {s.Auc.Estimate:F3} ")
                + string.Create(inv, $"(95% CI {s.Auc.Lower:F3}-{s.Auc.Upper:F3}), sensitivity {s.AtThreshold.Sensitivity:F3} at the folds' thresholds"));
        foreach (var g in r.SkinFolds)
        {
            var rate = ConfounderStrata.FalsePositiveRate(g);
            Console.WriteLine(string.Create(inv, $"  negatives {g.Value}: {g.AtThreshold.FalsePositives} false positives of {g.Images}, ")
                + string.Create(inv, $"rate {rate.Estimate:F3} (95% CI {rate.Lower:F3}-{rate.Upper:F3})"));
        }
        if (r.DeviceLabels is null) Console.WriteLine($"  drain strata and skin-fold mimics {ConfounderStrata.Unavailable}");
        if (r.Localization is { } loc)
            Console.WriteLine(string.Create(inv, $"  Grad-CAM on {loc.Images} true positives: pointing game {loc.PointingGame:F3}, mass in mask {loc.MassInMask:F3} (mask dilated by {loc.TolerancePixels} px)"));
        foreach (var w in r.Warnings) Console.WriteLine($"  warning: {w}");
        Console.WriteLine($"written to {folder}");
    }
}

using System.CommandLine;
using System.Globalization;
using Pneumo.Data;
using Pneumo.Folds;
using Pneumo.Metrics;
using Pneumo.Training;
using Pneumo.Workbook;

namespace Pneumo.Cli.Commands;

/// <summary><c>pneumo folds</c>, <c>pneumo train</c>, <c>pneumo evaluate</c>.</summary>
internal static class ModelCommands
{
    /// <summary>The defaults, from their one place (TrainingConfig).</summary>
    private static readonly TrainingConfig Defaults = new();

    public static IEnumerable<Command> Create() => [FoldsCommand(), Train(), Evaluate()];

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
        // every flag left out keeps the study's value: its PNEUMO_* variable, else the default (StudyParameters)
        var model = new Option<string?>("--model") { Description = $"small, resnet18, resnet34, resnet50 or densenet121 (default: PNEUMO_MODEL, else {Defaults.Model})." };
        var size = new Option<int?>("--size") { Description = $"Image size; a refined cache of this size must exist (default: PNEUMO_IMAGE_SIZE, else {Defaults.ImageSize})." };
        var epochs = new Option<int?>("--epochs") { Description = $"Maximum epochs per fold (default: PNEUMO_EPOCHS, else {Defaults.Epochs})." };
        var batch = new Option<int?>("--batch-size") { Description = $"Images per batch (default: PNEUMO_BATCH_SIZE, else {Defaults.BatchSize})." };
        var lr = new Option<double?>("--lr") { Description = $"Peak learning rate (default: PNEUMO_LEARNING_RATE, else {Defaults.LearningRate.ToString(CultureInfo.InvariantCulture)})." };
        var seed = new Option<int?>("--seed") { Description = $"Seed (default: PNEUMO_SEED, else {Defaults.Seed})." };
        var metadata = new Option<bool>("--metadata") { Description = "Fuse age, sex and view position into the classifier (as PNEUMO_METADATA=1)." };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train without rotation/scale/shift/brightness/contrast augmentation (as PNEUMO_AUGMENT=0)." };
        var device = new Option<string?>("--device") { Description = $"auto, cpu, cuda or cuda:N (default: PNEUMO_DEVICE, else {Defaults.Device})." };
        var threads = new Option<int?>("--threads") { Description = $"CPU threads for Torch, 0: all cores (default: PNEUMO_THREADS, else {Defaults.Threads})." };
        var initWeights = new Option<string?>("--init-weights") { Description = "PyTorch weights (.pth, .pt, .safetensors) the backbone starts from; its head is replaced." };
        var freeze = new Option<int?>("--freeze-epochs") { Description = $"Epochs with the pretrained backbone frozen, only the head learning (default: PNEUMO_FREEZE_EPOCHS, else {Defaults.FreezeEpochs})." };
        var parameter = new Option<string[]>("--parameter", "-p")
        {
            Description = "Any study parameter, name=value (e.g. -p weightDecay=1e-3 -p wires=0); after the PNEUMO_* variables, before the flags above.",
            AllowMultipleArgumentsPerToken = false,
        };
        var resume = new Option<string?>("--resume", "--run") { Description = "An existing run folder: continue it, or (with --fold) train one of its folds from any machine that sees the folder." };
        var noTrain = new Option<bool>("--no-train") { Description = "Create the run folder and print its path without training (then train its folds as separate jobs)." };
        var cmd = new Command("train", "Train per fold with checkpoints; evaluates out of fold when all folds are done.")
            { clean, foldsPath, refined, runs, fold, all, model, size, epochs, batch, lr, seed, metadata, noAugment, device, threads, initWeights, freeze, parameter, resume, noTrain };
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
                if (p.GetValue(model) is { } m) parameters.Model = m;
                if (p.GetValue(size) is { } s) parameters.ImageSize = s;
                if (p.GetValue(epochs) is { } e) parameters.Epochs = e;
                if (p.GetValue(batch) is { } b) parameters.BatchSize = b;
                if (p.GetValue(lr) is { } l) parameters.LearningRate = l;
                if (p.GetValue(seed) is { } sd) parameters.Seed = sd;
                if (p.GetValue(metadata)) parameters.UseMetadata = true;
                if (p.GetValue(noAugment)) parameters.Augment = false;
                if (p.GetValue(device) is { } d) parameters.Device = d;
                if (p.GetValue(threads) is { } t) parameters.Threads = t;
                if (p.GetValue(initWeights) is { } weights) parameters.InitWeights = weights;
                if (p.GetValue(freeze) is { } f) parameters.FreezeEpochs = f;
                var config = parameters.ToTrainingConfig();
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
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
                Console.Error.WriteLine("\ninterrupt: stopping at the next batch (the last finished epoch is saved)...");
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                if (run.Config.Task == "segmentation")
                {
                    var segmentation = Pneumo.Segmentation.SegmentationRun.Train(run, new TrainingProgressBar(), cancel.Token, p.GetValue(fold));
                    if (segmentation is null) Console.WriteLine($"folds remain; run again with --resume {run.Folder} (or the missing --fold)");
                    else PrintSegmentation(segmentation, run.Folder);
                    return 0;
                }
                var report = run.Train(new TrainingProgressBar(), cancel.Token, p.GetValue(fold));
                if (report is null) Console.WriteLine($"folds remain; run again with --resume {run.Folder} (or the missing --fold)");
                else PrintReport(report, run.Folder);
                return 0;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"interrupted. Resume with: ./pneumo train --resume {run.Folder}");
                return 130;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
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
            if (run.Config.Task == "segmentation")
            {
                PrintSegmentation(Pneumo.Segmentation.SegmentationRun.Evaluate(run), run.Folder);
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
                var folder = Path.Combine(run.Folder, "gradcam");
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
    internal static void PrintSegmentation(Pneumo.Segmentation.SegmentationReport r, string folder)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"out-of-fold mean Dice {r.Dice} (competition rule: empty/empty = 1), Dice on positives {r.DiceOnPositives}, image AUC from the masks {r.Auc}"));
        foreach (var f in r.Folds)
            Console.WriteLine(string.Create(inv, $"  fold {f.Fold}: {f.Images} images, {f.Positives} positive, Dice {f.Dice:F3}, on positives {f.DiceOnPositives:F3}, AUC {f.Auc:F3}; triplet top {f.Decision.TopScore:F2}, min area {f.Decision.MinArea} px, bottom {f.Decision.BottomScore:F2} (inner-validation Dice {f.ValidationDice:F3})"));
        Console.WriteLine($"  {Path.Combine(folder, "oof-masks.csv")} (Kaggle layout), metrics.json");
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
        if (r.Localization is { } loc)
            Console.WriteLine(string.Create(inv, $"  Grad-CAM on {loc.Images} true positives: pointing game {loc.PointingGame:F3}, mass in mask {loc.MassInMask:F3} (mask dilated by {loc.TolerancePixels} px)"));
        foreach (var w in r.Warnings) Console.WriteLine($"  warning: {w}");
        Console.WriteLine($"written to {folder}");
    }
}

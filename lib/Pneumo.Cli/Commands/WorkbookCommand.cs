using System.CommandLine;
using System.Diagnostics;
using Pneumo.Compute;
using Pneumo.Runs;
using Pneumo.Training;
using Pneumo.Workbook;

namespace Pneumo.Cli.Commands;

/// <summary>
/// <c>pneumo workbook</c>: the README's main command. Runs the whole study headless on the embedded default (or on
/// <c>PNEUMO_DATA</c>): data, cleaning, folds, preprocessing, training, evaluation; parameters from the environment
/// (see <see cref="WorkbookSettings"/>).
/// </summary>
internal static class WorkbookCommand
{
    public static Command Create()
    {
        var cmd = new Command("workbook", "Run the six notebooks (the whole study) on the embedded synthetic sample, or on $PNEUMO_DATA, and publish them to results/ (parameters: PNEUMO_* environment variables).");
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var watch = Stopwatch.StartNew();
            var settings = Settings();
            Console.WriteLine($"data: {settings.DataRoot}{(settings.UsesSyntheticSample ? " (synthetic sample; set PNEUMO_DATA for the Kaggle data)" : "")}");
            Console.WriteLine($"torch: {TorchDevice.Describe(TorchDevice.Select())}");
            int code = NotebooksCommand.Run([], Path.Combine(settings.Root, "results"));
            if (code == 0) Console.WriteLine($"workbook: done in {watch.Elapsed.TotalMinutes:F1} min; open {Path.Combine(settings.Root, "results", "index.html")}");
            return code;
        }));
        return cmd;
    }

    /// <summary><c>pneumo study</c>: the same stages without notebooks (for servers and scripts).</summary>
    public static Command CreateHeadless()
    {
        var until = new Option<bool>("--data-only") { Description = "Stop after the data stages (cleaning, folds, preprocessing): no training." };
        var seeds = new Option<string?>("--seeds") { Description = "Repeat folds and training for each seed (e.g. 1,2,3) into separate run folders and report mean ± sd (default: PNEUMO_SEEDS, else the one seed)." };
        var task = new Option<string?>("--task") { Description = "classification (default) or segmentation: a U-Net per fold on the same folds, scored with the competition's Dice." };
        var cmd = new Command("study", "Run the study headless (data, cleaning, folds, preprocessing, training, evaluation) without the notebooks.") { until, seeds, task };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var watch = Stopwatch.StartNew();
            var settings = Settings();
            if (p.GetValue(seeds) is { Length: > 0 } seedText) settings.Parameters.Set("seeds", seedText);
            if (p.GetValue(task) is { Length: > 0 } taskText) settings.Parameters.Set("task", taskText);
            var seedList = settings.Parameters.SeedList();
            var study = new Study(settings);
            var progress = new ConsoleProgress();
            Console.WriteLine($"data: {settings.DataRoot}{(settings.UsesSyntheticSample ? " (synthetic sample; set PNEUMO_DATA for the Kaggle data)" : "")}");
            Console.WriteLine($"torch: {TorchDevice.Describe(TorchDevice.Select())}");
            study.EnsureData(progress);
            var stage = Stopwatch.StartNew();
            var cleaning = study.Clean(progress);
            Console.WriteLine($"cleaning (header scan, one decode per image that fills the cache): inputs {cleaning.Inputs} = kept {cleaning.Kept} + excluded {cleaning.ExcludedCount} ({settings.CleanedFolder}) in {stage.Elapsed.TotalSeconds:F1} s");
            var folds = study.MakeFolds();
            Console.WriteLine($"folds: {string.Join(", ", folds.Balance().Select(b => $"{b.Images} ({b.Positives}+)"))}");
            var refined = study.Preprocess(progress);
            Console.WriteLine($"preprocessing: {refined.Processed} processed, {refined.Reused} up to date ({refined.Folder}); cleaning + preprocessing {stage.Elapsed.TotalSeconds:F1} s");
            if (p.GetValue(until)) return 0;
            return ConsoleInterrupt.Run(cancel =>
            {
                if (seedList.Count > 1)
                {
                    var seedSummary = study.TrainSeeds(new TrainingProgressBar(), cancel, (seed, run, report) =>
                    {
                        Console.WriteLine($"seed {seed}:");
                        ModelCommands.PrintReport(report, run.Folder);
                    });
                    Console.WriteLine(seedSummary.ToMarkdown());
                    Console.WriteLine($"study over seeds {settings.Parameters.Seeds}: done in {watch.Elapsed.TotalMinutes:F1} min; summary {study.SeedSummaryFile}");
                    return 0;
                }
                if (settings.Training.Task == TrainingTask.Segmentation)
                {
                    var (segmentationRun, segmentation) = study.TrainSegmentation(new TrainingProgressBar(), cancel);
                    ModelCommands.PrintSegmentation(segmentation, segmentationRun.Layout);
                    Console.WriteLine($"segmentation study: done in {watch.Elapsed.TotalMinutes:F1} min");
                    return 0;
                }
                var (run, report) = study.Train(new TrainingProgressBar(), cancel);
                ModelCommands.PrintReport(report, run.Folder);
                if (settings.Parameters.CompareFusion)
                {
                    Console.WriteLine($"the same model {(run.Config.UseMetadata ? "without" : "with")} age, sex and view fused, on the same folds (PNEUMO_COMPARE_FUSION=0 skips it):");
                    var (counterpart, counterpartReport) = study.TrainFusionCounterpart(run, new TrainingProgressBar(), cancel);
                    ModelCommands.PrintReport(counterpartReport, counterpart.Folder);
                    var pair = RunPair.Compare(run, counterpart).Comparison;
                    Console.WriteLine(FormattableString.Invariant($"paired (DeLong): AUC {pair.AucA:F3} {(run.Config.UseMetadata ? "with" : "without")} fusion vs {pair.AucB:F3}; difference {pair.Difference.Estimate:+0.000;-0.000} (95% CI {pair.Difference.Lower:F3} to {pair.Difference.Upper:F3}), p = {pair.PValue:0.###}"));
                }
                var summary = study.WriteSummary(cleaning, folds, run, report, watch.Elapsed);
                Console.WriteLine($"workbook: done in {watch.Elapsed.TotalMinutes:F1} min; summary {summary}");
                return 0;
            });
        }));
        return cmd;
    }

    /// <summary>
    /// The study's settings as every command reads them: the <c>PNEUMO_*</c> parameters, with data and results under
    /// <c>PNEUMO_OUTPUT_ROOT</c> when it is set (as in the notebooks), else under the repository.
    /// </summary>
    public static WorkbookSettings Settings() =>
        WorkbookSettings.FromEnvironment(Environment.GetEnvironmentVariable("PNEUMO_OUTPUT_ROOT") is { Length: > 0 } ? null : RepositoryRoot());

    /// <summary>
    /// The repository root: <c>PNEUMO_ROOT</c> (set by the ./pneumo launcher), else the nearest folder holding
    /// Pneumo.Notebooks.sln above the current folder or above the program itself.
    /// </summary>
    public static string RepositoryRoot()
    {
        if (Environment.GetEnvironmentVariable("PNEUMO_ROOT") is { Length: > 0 } root && Directory.Exists(root)) return Path.GetFullPath(root);
        var fromCwd = WorkbookSettings.FindRoot(Directory.GetCurrentDirectory());
        if (File.Exists(Path.Combine(fromCwd, "Pneumo.Notebooks.sln"))) return fromCwd;
        return WorkbookSettings.FindRoot(AppContext.BaseDirectory);
    }
}

using Pneumo.Runs;
using Pneumo.Metrics;
using Pneumo.Training;

namespace Pneumo.Tests.Training;

public class SeedSummaryTests
{
    private static SeedRun Run(int seed, double pooled, params double[] folds) => new(seed, $"run-s{seed}",
        new SavedMetrics(new ConfidenceInterval(pooled, pooled - 0.01, pooled + 0.01, 0.95), 0.9, 0.04,
            folds.Select((a, i) => new FoldMetrics(i, 100, 22, a, 0.9)).ToList(), 0.5, 0.6) { Warnings = seed == 2 ? ["fold 1: near chance"] : [] });

    [Fact]
    public void Table_ListsEveryFoldPerSeed_ThenMeanAndSampleSd()
    {
        var summary = new SeedSummary([Run(1, 0.99, 0.98, 1.0), Run(2, 0.95, 0.90, 0.96)]);
        var (header, rows) = summary.Table();
        Assert.Equal(["seed", "run", "fold 0", "fold 1", "pooled AUC", "ECE (calibrated)", "warnings"], header);
        Assert.Equal(["1", "run-s1", "0.980", "1.000", "0.990", "0.040", "0"], rows[0]);
        Assert.Equal(["2", "run-s2", "0.900", "0.960", "0.950", "0.040", "1"], rows[1]);
        // fold 0: mean 0.94, sample sd |0.98 − 0.90| / √2 = 0.0566
        Assert.Equal(["mean ± sd", "", "0.940 ± 0.057", "0.980 ± 0.028", "0.970 ± 0.028", "0.040 ± 0.000", ""], rows[2]);
        var markdown = summary.ToMarkdown();
        Assert.Contains("| 2 | run-s2 | 0.900 | 0.960 | 0.950 | 0.040 | 1 |", markdown);
        Assert.Contains("spread 0.040); lowest fold AUC of any seed 0.900.", markdown);
    }
}

using Pneumo.Folds;

namespace Pneumo.Tests.Folds;

public class StratifiedGroupKFoldTests
{
    private static List<FoldSample> Samples(int patients, double positiveShare, int seed, int maxImagesPerPatient = 1)
    {
        var rng = new Random(seed);
        var list = new List<FoldSample>();
        for (int p = 0; p < patients; p++)
        {
            int images = 1 + rng.Next(maxImagesPerPatient);
            int label = rng.NextDouble() < positiveShare ? 1 : 0;
            for (int i = 0; i < images; i++) list.Add(new FoldSample($"p{p}-i{i}", i == 0 ? label : rng.Next(2) & label, $"patient{p}"));
        }
        return list;
    }

    [Fact]
    public void Split_OneImagePerPatient_IsStratifiedAndBalanced()
    {
        var samples = Samples(499, 0.22, 1);
        var folds = FoldAssignment.Create(samples, 5, 42);
        var balance = folds.Balance();
        int positives = samples.Count(s => s.Label == 1);
        Assert.All(balance, b =>
        {
            Assert.InRange(b.Images, 99, 100);
            Assert.InRange(b.Positives, positives / 5, positives / 5 + 1);
        });
        Assert.Equal(samples.Count, balance.Sum(b => b.Images));
    }

    [Fact]
    public void Split_RepeatedPatients_NeverSplitAPatient()
    {
        var samples = Samples(300, 0.3, 2, maxImagesPerPatient: 4);
        var folds = StratifiedGroupKFold.Split(samples, 5, 7);
        foreach (var group in samples.GroupBy(s => s.Group))
            Assert.Single(group.Select(s => folds[s.Id]).Distinct());
        double overall = samples.Average(s => s.Label);
        foreach (var fold in samples.GroupBy(s => folds[s.Id]))
            Assert.InRange(fold.Average(s => s.Label), overall - 0.05, overall + 0.05);
    }

    [Fact]
    public void Split_SameSeedSameFolds_OtherSeedDifferent()
    {
        var samples = Samples(200, 0.25, 3);
        Assert.Equal(StratifiedGroupKFold.Split(samples, 5, 1), StratifiedGroupKFold.Split(samples, 5, 1));
        Assert.NotEqual(StratifiedGroupKFold.Split(samples, 5, 1), StratifiedGroupKFold.Split(samples, 5, 2));
    }

    [Fact]
    public void Split_TooFewPositives_SaysSo()
    {
        var samples = Enumerable.Range(0, 20).Select(i => new FoldSample($"i{i}", i < 3 ? 1 : 0, $"p{i}")).ToList();
        var ex = Assert.Throws<ArgumentException>(() => StratifiedGroupKFold.Split(samples, 5, 1));
        Assert.Contains("3 positives", ex.Message);
    }

    [Fact]
    public void WriteRead_RoundTripsFoldsAndGroups()
    {
        using var tmp = TestFiles.NewTempFolder();
        var samples = Samples(50, 0.3, 4, 2);
        var folds = FoldAssignment.Create(samples, 3, 9);
        folds.Write(tmp.File("folds.csv"));
        var back = FoldAssignment.Read(tmp.File("folds.csv"));
        Assert.Equal(folds.Folds.OrderBy(k => k.Key), back.Folds.OrderBy(k => k.Key));
        Assert.Equal(samples.Select(s => s.Group), back.Samples.Select(s => s.Group));
        Assert.True(File.Exists(tmp.File("fold-balance.csv")));
    }
}

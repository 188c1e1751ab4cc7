using System.Text.Json;
using Pneumo.Synthesis;
using Pneumo.Workbook;

namespace Pneumo.Tests.Workbook;

/// <summary>The synthetic sample is made for its parameters and never silently reused when they change.</summary>
public class SampleRegenerationTests
{
    private static Study StudyOf(string root, int count, int seed = 42) =>
        new(WorkbookSettings.From(new StudyParameters { SampleCount = count, SampleSize = 64, SampleSeed = seed }, root));

    [Fact]
    public void ChangedCount_GeneratesAnotherSample_AndLeavesTheFirstIntact()
    {
        using var tmp = TestFiles.NewTempFolder();
        var first = StudyOf(tmp.Path, 12);
        first.EnsureData();
        var firstRecord = SyntheticRecord.Load(first.Settings.DataRoot);
        Assert.Equal(new SyntheticOptions(12, 64, 42), firstRecord.Options);
        Assert.Equal(SyntheticDataset.GeneratorVersion, firstRecord.GeneratorVersion);
        var firstLabels = File.ReadAllText(Path.Combine(first.Settings.DataRoot, "train-rle.csv"));

        var second = StudyOf(tmp.Path, 15);
        second.EnsureData();
        Assert.NotEqual(first.Settings.DataRoot, second.Settings.DataRoot);
        Assert.Equal(15, SyntheticRecord.Load(second.Settings.DataRoot).Options.Count);
        Assert.Equal(15, SyntheticRecord.Load(second.Settings.DataRoot).Images.Count(i => i.Quirk != "dicom-without-label"));
        Assert.Equal(firstLabels, File.ReadAllText(Path.Combine(first.Settings.DataRoot, "train-rle.csv")));
        Assert.False(Directory.Exists(second.Settings.DataRoot + ".partial"));
    }

    [Fact]
    public void SampleWhoseRecordDoesNotMatch_IsGeneratedAgain()
    {
        using var tmp = TestFiles.NewTempFolder();
        var study = StudyOf(tmp.Path, 12);
        study.EnsureData();
        var root = study.Settings.DataRoot;
        var recordPath = Path.Combine(root, SyntheticRecord.FileName);
        // a record of another generator version in the folder (as an older build would have left it)
        var stale = SyntheticRecord.Load(root) with { };
        File.WriteAllText(recordPath, JsonSerializer.Serialize(stale with { GeneratorVersion = 1 }, SyntheticRecord.Json));
        File.WriteAllText(Path.Combine(root, "stale-marker.txt"), "left by the old sample");
        Assert.False(SyntheticRecord.Load(root).Matches(study.Settings.SampleOptions));

        StudyOf(tmp.Path, 12).EnsureData();
        Assert.True(SyntheticRecord.Load(root).Matches(study.Settings.SampleOptions));
        Assert.False(File.Exists(Path.Combine(root, "stale-marker.txt")));
    }

    [Fact]
    public void InterruptedGeneration_LeavesNoSample_AndTheNextRunMakesIt()
    {
        using var tmp = TestFiles.NewTempFolder();
        var study = StudyOf(tmp.Path, 12);
        var root = study.Settings.DataRoot;
        // what an interrupted generation leaves: a partial folder, and no sample
        Directory.CreateDirectory(root + ".partial");
        File.WriteAllText(Path.Combine(root + ".partial", "half-written.dcm"), "");
        study.EnsureData();
        Assert.True(File.Exists(Path.Combine(root, SyntheticRecord.FileName)));
        Assert.False(Directory.Exists(root + ".partial"));
        Assert.False(File.Exists(Path.Combine(root, "half-written.dcm")));
    }
}

using Pneumo.Workbook;

namespace Pneumo.Tests.Workbook;

public class WorkbookSettingsTests
{
    [Fact]
    public void FromEnvironment_Defaults_UseTheSyntheticSample()
    {
        var s = WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?>());
        Assert.True(s.UsesSyntheticSample);
        Assert.Equal(Path.Combine("/repo", "data", "raw", "siim-synthetic"), s.DataRoot);
        Assert.Equal((500, 1024, 5, 256, "small", 10), (s.SampleCount, s.SampleSize, s.Folds, s.ImageSize, s.Model, s.Epochs));
        Assert.Equal(Path.Combine("/repo", "data", "cleaned", "clean.csv"), s.CleanTable);
    }

    [Fact]
    public void FromEnvironment_Overrides_AreRead()
    {
        var s = WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?>
        {
            ["PNEUMO_DATA"] = "/data/siim", ["PNEUMO_EPOCHS"] = "2", ["PNEUMO_FOLDS"] = "3", ["PNEUMO_MODEL"] = "resnet18", ["PNEUMO_METADATA"] = "1",
        });
        Assert.False(s.UsesSyntheticSample);
        Assert.Equal("/data/siim", s.DataRoot);
        Assert.Equal((2, 3, "resnet18", true), (s.Epochs, s.Folds, s.Model, s.UseMetadata));
    }

    [Fact]
    public void FromEnvironment_BadNumber_NamesTheVariable()
    {
        var ex = Assert.Throws<ArgumentException>(() => WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?> { ["PNEUMO_EPOCHS"] = "ten" }));
        Assert.Contains("PNEUMO_EPOCHS='ten'", ex.Message);
    }
}

using Pneumo.Training;
using Pneumo.Workbook;

namespace Pneumo.Tests.Workbook;

public class WorkbookSettingsTests
{
    [Fact]
    public void FromEnvironment_Defaults_UseTheSyntheticSample()
    {
        var s = WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?>());
        Assert.True(s.UsesSyntheticSample);
        Assert.Equal(Path.Combine("/repo", "data", "raw", $"siim-synthetic-v{Pneumo.Synthesis.SyntheticDataset.GeneratorVersion}-n500-1024px-seed42"), s.DataRoot);
        Assert.Equal((500, 1024, 5, 256, "small", 16), (s.Parameters.SampleCount, s.Parameters.SampleSize, s.Training.Folds, s.Training.ImageSize,
            s.Training.Model, s.Training.Epochs));
        Assert.Equal(Path.Combine("/repo", "data", "derived", Path.GetFileName(s.DataRoot), "cleaned", "clean.csv"), s.CleanTable);
    }

    [Theory]
    [InlineData("PNEUMO_SAMPLE_COUNT", "300")]
    [InlineData("PNEUMO_SAMPLE_SIZE", "512")]
    [InlineData("PNEUMO_SAMPLE_SEED", "7")]
    public void SampleParameters_NameTheSampleFolder_SoAChangedSampleIsNeverReused(string variable, string value)
    {
        var defaults = WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?>());
        var changed = WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?> { [variable] = value });
        Assert.NotEqual(defaults.DataRoot, changed.DataRoot);
        Assert.NotEqual(defaults.DerivedRoot, changed.DerivedRoot);
        Assert.NotEqual(defaults.RefinedFolder, changed.RefinedFolder);
        // the training seed is not a sample parameter: seeds are compared on one sample
        var seed = WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?> { ["PNEUMO_SEED"] = "3" });
        Assert.Equal(defaults.DataRoot, seed.DataRoot);
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
        Assert.Equal((2, 3, "resnet18", true), (s.Training.Epochs, s.Training.Folds, s.Training.Model, s.Training.UseMetadata));
    }

    [Fact]
    public void FromEnvironment_BadNumber_NamesTheVariable()
    {
        var ex = Assert.Throws<ArgumentException>(() => WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?> { ["PNEUMO_EPOCHS"] = "ten" }));
        Assert.Contains("PNEUMO_EPOCHS='ten'", ex.Message);
    }
}

public class StudyParametersTests
{
    [Fact]
    public void DerivedData_IsKeptPerDataRoot_SoDatasetsNeverOverwriteEachOther()
    {
        var sample = WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?>());
        var kaggle = WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?> { ["PNEUMO_DATA"] = "/data/siim" });
        var other = WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?> { ["PNEUMO_DATA"] = "/elsewhere/siim" });
        Assert.Equal(Path.Combine("/repo", "data", "derived", Path.GetFileName(sample.DataRoot), "cleaned"), sample.CleanedFolder);
        Assert.StartsWith(Path.Combine("/repo", "data", "derived", "siim-"), kaggle.CleanedFolder);
        Assert.NotEqual(kaggle.CleanedFolder, other.CleanedFolder);
        Assert.NotEqual(kaggle.RefinedFolder, other.RefinedFolder);
        Assert.Equal(kaggle.CleanedFolder, WorkbookSettings.FromEnvironment("/repo", new Dictionary<string, string?> { ["PNEUMO_DATA"] = "/data/siim/" }).CleanedFolder);
    }

    [Theory]
    [InlineData("folds", "Folds")]
    [InlineData("learning-rate", "LearningRate")]
    [InlineData("learning_rate", "LearningRate")]
    [InlineData("LearningRate", "LearningRate")]
    [InlineData("useMetadata", "UseMetadata")]
    public void Find_AnySpelling_FindsTheParameter(string name, string property) =>
        Assert.Equal(property, StudyParameters.Find(name).Property.Name);

    [Fact]
    public void Find_UnknownName_IsOneLineNamingItAndListingTheKnownOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => StudyParameters.Find("fold"));
        Assert.StartsWith("unknown parameter 'fold' (known: data, sampleCount,", ex.Message);
        Assert.Contains("learningRate", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("folds", "three", "parameter folds='three' is not a non-negative integer")]
    [InlineData("learningRate", "fast", "parameter learningRate='fast' is not a number")]
    [InlineData("augment", "maybe", "parameter augment='maybe' is not true or false")]
    public void Parse_BadValue_NamesParameterAndValue(string name, string value, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => StudyParameters.Find(name).Parse(value, $"parameter {name}")).Message);

    [Fact]
    public void Defaults_AreTheTrainingDefaults_AndEveryTrainingParameterIsReachable()
    {
        var parameters = new StudyParameters();
        Assert.Equal(new TrainingConfig(), parameters.Training);
        Assert.Empty(parameters.Changed());
        // Every TrainingConfig property has a study parameter of the same name (but the weights file's SHA-256, which
        // the run records when it is created).
        var names = StudyParameters.All.Where(p => p.Training).Select(p => p.Property.Name).ToHashSet();
        foreach (var property in typeof(TrainingConfig).GetProperties().Where(p => p.CanWrite && p.Name != nameof(TrainingConfig.InitWeightsSha256)))
            Assert.Contains(property.Name, names);
        parameters.Set("learningRate", "3e-4");
        parameters.Training = parameters.Training with { Augment = false };
        Assert.Equal(new Dictionary<string, object?> { ["learningRate"] = 3e-4, ["augment"] = false }, parameters.Changed());
        Assert.Equal((3e-4, false), (parameters.Training.LearningRate, parameters.Training.Augment));
    }

    [Fact]
    public void FromEnvironment_NewTrainingVariables_AreRead()
    {
        var p = StudyParameters.FromEnvironment(new Dictionary<string, string?> { ["PNEUMO_LEARNING_RATE"] = "0.0005", ["PNEUMO_PATIENCE"] = "5", ["PNEUMO_AUGMENT"] = "no", ["PNEUMO_DROPOUT"] = "0.1" });
        Assert.Equal((0.0005, 5, false, 0.1), (p.Training.LearningRate, p.Training.Patience, p.Training.Augment, p.Training.Dropout));
    }

    [Theory]
    [InlineData(3, "3")]
    [InlineData(0.001, "0.001")]
    [InlineData(2.0, "2.0")]
    [InlineData(true, "true")]
    [InlineData("res\"net", "\"res\\\"net\"")]
    public void Literal_IsCSharp(object value, string literal) => Assert.Equal(literal, StudyParameters.Literal(value));
}

using System.Text.Json;
using Pneumo.Runs;
using Pneumo.Training;

namespace Pneumo.Tests.Runs;

/// <summary>
/// Run folders written by the code before metrics.json had a schema (TestData/runs-schema1, commit 9f9d53c) are read by
/// today's readers, field by field as the files hold them (checked here with a plain JSON reader, not the one under test),
/// and a metrics file written today reads back to the same figures, with its task and schema version.
/// </summary>
public sealed class RunFolderCompatibilityTests
{
    private static string Old(string task) => Path.Combine(TestFiles.DataRoot, "runs-schema1", task);

    private static string CopyOf(TestFiles.TempFolder tmp, string task)
    {
        var source = Old(task);
        var target = tmp.File(task);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.Parse(e.GetString()!,
        System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void ClassificationRun_WrittenBeforeTheSchema_ReadsAsItWasWritten()
    {
        var run = ExperimentRun.Open(Old("classification"));
        using var json = JsonDocument.Parse(File.ReadAllText(run.Layout.Metrics));
        var root = json.RootElement;
        Assert.False(root.TryGetProperty("schemaVersion", out _));
        Assert.Equal(TrainingTask.Classification, run.Config.Task);
        Assert.True(run.IsFinished);
        var metrics = Assert.IsType<ClassificationMetrics>(run.ReadMetrics());
        Assert.Equal((1, TrainingTask.Classification), (metrics.SchemaVersion, metrics.Task));
        var saved = run.ReadSavedMetrics()!;
        Assert.Equal((Number(root.GetProperty("auc")), Number(root.GetProperty("aucLower95")), Number(root.GetProperty("aucUpper95"))),
            (saved.Auc.Estimate, saved.Auc.Lower, saved.Auc.Upper));
        Assert.Equal(Number(root.GetProperty("youden").GetProperty("threshold")), saved.YoudenThreshold);
        Assert.Equal(root.GetProperty("youdenInnerValidation").GetProperty("tp").GetInt32(), saved.AtYoudenInnerValidation!.TruePositives);
        Assert.Equal(root.GetProperty("folds").EnumerateArray().Select(f => (f.GetProperty("fold").GetInt32(), Number(f.GetProperty("auc")),
            Number(f.GetProperty("youdenThreshold")))),
            saved.Folds.Select(f => (f.Fold, f.Auc, f.YoudenThreshold)));
        Assert.Equal(root.GetProperty("baselines").EnumerateObject().Select(b => (b.Name, Number(b.Value.GetProperty("auc")))),
            saved.Baselines.Select(b => (b.Name, b.Auc.Estimate)));
        Assert.Equal(root.GetProperty("subgroups").EnumerateArray().Select(g => (g.GetProperty("variable").GetString(), g.GetProperty("value").GetString(),
            g.GetProperty("fn").GetInt32())),
            saved.Subgroups.Select(g => ((string?)g.Variable, (string?)g.Value, g.AtThreshold.FalseNegatives)));
        var report = run.ReadReport()!;
        Assert.Equal(saved.Auc, report.Auc);
        Assert.Equal(run.Config.Folds, run.EpochHistories().Count);
        var summary = RunSummary.Read(run.Folder);
        Assert.Equal((TrainingTask.Classification, true, saved.Auc.Estimate), (summary.Task, summary.Finished, summary.Auc));
    }

    [Fact]
    public void SegmentationRun_WrittenBeforeTheSchema_ReadsAndEvaluatesAgainToTheSameFigures()
    {
        using var tmp = TestFiles.NewTempFolder();
        var run = ExperimentRun.Open(CopyOf(tmp, "segmentation"));
        using var json = JsonDocument.Parse(File.ReadAllText(run.Layout.Metrics));
        var root = json.RootElement;
        Assert.Equal(TrainingTask.Segmentation, run.Config.Task);
        Assert.True(run.IsFinished);
        Assert.Null(run.ReadSavedMetrics()); // not a classification's
        var old = SegmentationRun.ReadReport(run)!;
        Assert.Equal((Number(root.GetProperty("dice")), Number(root.GetProperty("auc"))), (old.Dice.Estimate, old.Auc.Estimate));
        Assert.Equal(root.GetProperty("folds").EnumerateArray().Select(f => (Number(f.GetProperty("dice")),
            f.GetProperty("triplet").GetProperty("minArea").GetInt32())),
            old.Folds.Select(f => (f.Dice, f.Decision.MinArea)));
        // evaluating again from the old fold files (decision, Dice, masks) writes today's schema with the same figures
        var again = SegmentationRun.Evaluate(run);
        Assert.Equal(old, again with { Folds = old.Folds });
        Assert.Equal(old.Folds, again.Folds);
        var written = Assert.IsType<SegmentationMetrics>(MetricsFile.Read(run.Layout.Metrics));
        Assert.Equal((MetricsFile.CurrentSchemaVersion, TrainingTask.Segmentation), (written.SchemaVersion, written.Task));
        Assert.Contains("\"task\": \"segmentation\"", File.ReadAllText(run.Layout.Metrics), StringComparison.Ordinal);
    }

    [Fact]
    public void ClassificationMetrics_WrittenToday_ReadBackToTheSameFigures()
    {
        using var tmp = TestFiles.NewTempFolder();
        var old = Assert.IsType<ClassificationMetrics>(MetricsFile.Read(new RunLayout(Old("classification")).Metrics));
        var path = tmp.File("metrics.json");
        old.Write(path);
        var text = File.ReadAllText(path);
        Assert.StartsWith("{\n  \"schemaVersion\": 2,\n  \"task\": \"classification\",", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var back = Assert.IsType<ClassificationMetrics>(MetricsFile.Read(path));
        Assert.Equal(JsonSerializer.Serialize(old with { SchemaVersion = 2 }, MetricsFile.Json), JsonSerializer.Serialize(back, MetricsFile.Json));
        Assert.Equal(old.ToSavedMetrics().Auc, back.ToSavedMetrics().Auc);
    }

    [Fact]
    public void MetricsFile_FromANewerSchema_OrNotJson_IsATypedErrorNamingTheFile()
    {
        using var tmp = TestFiles.NewTempFolder();
        var newer = tmp.File("newer.json");
        File.WriteAllText(newer, "{ \"schemaVersion\": 99, \"task\": \"classification\" }");
        Assert.Contains($"{newer}: metrics schema 99 is newer", Assert.Throws<DataFileException>(() => MetricsFile.Read(newer)).Message,
            StringComparison.Ordinal);
        var broken = tmp.File("broken.json");
        File.WriteAllText(broken, "{ \"auc\": ");
        Assert.StartsWith($"{broken}: not a readable metrics file", Assert.Throws<DataFileException>(() => MetricsFile.Read(broken)).Message,
            StringComparison.Ordinal);
    }
}

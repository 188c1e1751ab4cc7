using Pneumo.IO;
using Pneumo.Runs;
using Pneumo.Data;
using Pneumo.Masks;
using Pneumo.Workbook;

namespace Pneumo.Tests.Workbook;

/// <summary>
/// One pass over the data: a whole study (data, cleaning, folds, preprocessing, training, evaluation) on a small
/// synthetic sample with its planted problems reads each DICOM header once, decodes each image once, and parses each
/// mask row once; a second study over the same data reuses the header scan from disk.
/// </summary>
[Collection(TorchCollection.Name)] // the counters are process-wide
public class DataPassTests
{
    [Fact]
    public void WholeStudy_ReadsEachHeaderOnce_DecodesEachImageOnce_ParsesEachMaskRowOnce()
    {
        using var tmp = TestFiles.NewTempFolder();
        var parameters = new StudyParameters { SampleCount = 40, SampleSize = 128, Training = new() { ImageSize = 32, Folds = 2, Epochs = 1, BatchSize = 4,
            Device = "cpu" } };
        var study = new Study(WorkbookSettings.From(parameters, tmp.Path));
        study.EnsureData();
        ExperimentRun? trained = null;
        var dicoms = study.Dataset.DicomFiles.Select(Path.GetFullPath).ToList();
        DataPassCounters.Reset();
        DataPassCounters.Enabled = true;
        try
        {
            var cleaning = study.Clean();
            study.MakeFolds();
            var refined = study.Preprocess();
            var (run, report) = study.Train();
            trained = run;
            Assert.Equal(0, refined.Processed); // every clean image was cached by the cleaning's own decode
            Assert.True(refined.Reused == cleaning.Kept, $"{refined.Reused} reused, {cleaning.Kept} kept");
            Assert.False(double.IsNaN(report.Auc.Estimate));
        }
        finally
        {
            DataPassCounters.Enabled = false;
        }
        var unreadableHeaders = study.Metadata().Unreadable.Select(u => Path.GetFullPath(study.Dataset.Absolute(u.Path))).ToHashSet();
        Assert.NotEmpty(unreadableHeaders); // the sample plants unreadable files
        foreach (var file in dicoms)
        {
            Assert.True(DataPassCounters.HeaderReads.GetValueOrDefault(file) == 1, $"{file}: {DataPassCounters.HeaderReads.GetValueOrDefault(file)} header reads");
            int expectedDecodes = unreadableHeaders.Contains(file) ? 0 : 1;
            Assert.True(DataPassCounters.FullReads.GetValueOrDefault(file) == expectedDecodes, $"{file}: {DataPassCounters.FullReads.GetValueOrDefault(file)} decodes, expected {expectedDecodes}");
        }
        Assert.Equal(dicoms.Count, DataPassCounters.HeaderReads.Count);

        // Mask rows of the images with a readable header, each parsed once (up to a malformed one, where decoding stops).
        int expectedParses = 0;
        foreach (var row in study.Metadata().Rows)
            foreach (var label in study.Labels.RowsOf(row.ImageId).Where(r => r.IsPositive))
            {
                expectedParses++;
                try { RunLengthMask.Parse(label.EncodedPixels, row.Columns ?? 1024, row.Rows ?? 1024); }
                catch (FormatException) { break; }
            }
        Assert.Equal(expectedParses, DataPassCounters.MaskParses);

        // A later notebook (a new study over the same data) reuses the header scan on disk: no header read at all.
        DataPassCounters.Reset();
        DataPassCounters.Enabled = true;
        try
        {
            var again = new Study(WorkbookSettings.From(parameters, tmp.Path)).Metadata();
            Assert.Equal(study.Metadata().Rows.Count, again.Rows.Count);
            Assert.Equal(study.Metadata().Unreadable.Count, again.Unreadable.Count);
        }
        finally
        {
            DataPassCounters.Enabled = false;
        }
        Assert.Empty(DataPassCounters.HeaderReads);
    
        // The run's metrics.json holds the subgroups and the metadata-only baseline; no patient key is in two folds.
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(trained!.Folder, "metrics.json")));
        var subgroups = metrics.RootElement.GetProperty("subgroups").EnumerateArray().ToList();
        foreach (var variable in new[] { "ViewPosition", "PatientSex", "AgeBand" })
            Assert.Contains(subgroups, g => g.GetProperty("variable").GetString() == variable);
        var predictions = trained.ReadPredictions();
        var clean = trained.ReadCleanTable().Rows.ToDictionary(r => r.ImageId);
        foreach (var g in subgroups.Where(g => g.GetProperty("variable").GetString() == "ViewPosition"))
            Assert.Equal(predictions.Count(p => clean[p.ImageId].ViewPosition == g.GetProperty("value").GetString()), g.GetProperty("images").GetInt32());
        var metadataOnly = metrics.RootElement.GetProperty("baselines").GetProperty("metadataOnly");
        foreach (var name in new[] { "auc", "aucLower", "aucUpper" }) Assert.True(metadataOnly.TryGetProperty(name, out _), name);
        var split = trained.ReadFolds();
        Assert.All(split.Samples.GroupBy(x => x.Group), g => Assert.Single(g.Select(x => split.Folds[x.Id]).Distinct()));
        Assert.Empty(Pneumo.Folds.FoldCovariateBalance.Compute(split, trained.ReadCleanTable()).PatientsInSeveralFolds);
    }
}

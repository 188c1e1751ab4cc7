using Pneumo.Data;
using Pneumo.Tests.Synthesis;

namespace Pneumo.Tests.Data;

public class CleaningTests(SyntheticSampleFixture sample) : IClassFixture<SyntheticSampleFixture>
{
    [Fact]
    public void Metadata_OneRowPerReadableDicom_AndNoPatientIdentifiers()
    {
        var dataset = SiimDataset.Open(sample.Root);
        var table = MetadataTable.Scan(dataset, dataset.ReadLabels());
        Assert.Equal(dataset.DicomFiles.Count, table.Rows.Count + table.Unreadable.Count);
        var notDicom = sample.Record.Quirks.Single(q => q.Kind == "not-dicom");
        Assert.Equal(notDicom.ImageId, Assert.Single(table.Unreadable).ImageId);
        var frame = table.ToDataFrame();
        Assert.Equal(table.Rows.Count, frame.Rows.Count);
        Assert.Equal(413, table.Rows.Single(r => r.PatientAgeRaw == "413").PatientAge);

        var csv = sample.Scratch("metadata.csv");
        table.WriteCsv(csv);
        var text = File.ReadAllText(csv);
        foreach (var file in dataset.DicomFiles.Take(10))
        {
            var header = Pneumo.Dicom.DicomFile.OpenHeader(file).Dataset;
            if (header.GetString(Pneumo.Dicom.DicomTags.PatientID) is { Length: > 0 } pid) Assert.DoesNotContain(pid, text);
        }
        var back = MetadataTable.ReadCsv(csv);
        Assert.Equal(table.Rows, back.Rows);
    }

    [Fact]
    public void Clean_ReportListsEveryPlantedQuirk_AndCountsAddUp()
    {
        var result = Cleaning.Run(sample.Root);
        Assert.True(result.CountsAddUp, $"inputs {result.Inputs} != kept {result.Kept} + excluded {result.ExcludedCount}");
        var expected = new Dictionary<string, (string Issue, string Action)>
        {
            ["dicom-without-label"] = ("dicom-without-label", "excluded"),
            ["label-without-dicom"] = ("label-without-dicom", "excluded"),
            ["truncated-file"] = ("unreadable-file", "excluded"),
            ["not-dicom"] = ("unreadable-file", "excluded"),
            ["implausible-age"] = ("implausible-age", "kept"),
            ["monochrome1"] = ("monochrome1", "kept"),
            ["unknown-sex"] = ("unknown-sex", "kept"),
            ["duplicate-image-id"] = ("duplicate-image-id", "excluded"),
        };
        foreach (var quirk in sample.Record.Quirks)
        {
            var (issue, action) = expected[quirk.Kind];
            Assert.Contains(result.Issues, i => i.ImageId == quirk.ImageId && i.Issue == issue && i.Action == action);
        }
        var labelled = sample.Record.Images.Count(i => i.Quirk is not ("dicom-without-label" or "truncated-file"));
        Assert.Equal(labelled, result.Kept);
        Assert.Null(result.Clean.Rows.Single(r => r.PatientAgeRaw == "413").PatientAge);
        Assert.Contains("monochrome1", result.Clean.Rows.Single(r => r.PhotometricInterpretation == "MONOCHROME1").Flags);

        var folder = sample.Scratch("cleaned");
        DatasetCleaner.Write(result, folder);
        Assert.True(File.Exists(Path.Combine(folder, "clean.csv")));
        var report = File.ReadAllLines(Path.Combine(folder, "cleaning-report.csv"));
        Assert.Equal(result.Issues.Count + 1, report.Length);
        Assert.Contains("\"countsAddUp\": true", File.ReadAllText(Path.Combine(folder, "cleaning-summary.json")));
    }
}

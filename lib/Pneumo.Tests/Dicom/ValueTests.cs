using Pneumo.Dicom;
using Pneumo.Dicom.Codecs;

namespace Pneumo.Tests.Dicom;

public class ValueTests
{
    [Theory]
    [InlineData("062Y", 62, true)]
    [InlineData("62", 62, false)]
    [InlineData(" 38 ", 38, false)]
    [InlineData("006M", 0.5, true)]
    [InlineData("413", 413, false)]
    public void DicomAge_TryParse_ReadsYears(string text, double years, bool hasUnit)
    {
        Assert.True(DicomAge.TryParse(text, out var age));
        Assert.Equal(years, age!.Years, 6);
        Assert.Equal(hasUnit, age.HasUnit);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5Y")]
    public void DicomAge_TryParse_RejectsNonAges(string text) => Assert.False(DicomAge.TryParse(text, out _));

    [Theory]
    [InlineData("0.168", 0.168)]
    [InlineData(" +1.5E+01 ", 15)]
    [InlineData("0,25", 0.25)]
    public void DecimalString_TryParse_ToleratesRealWorldForms(string text, double expected)
    {
        Assert.True(DicomNumber.TryParseDecimalString(text, out var v));
        Assert.Equal(expected, v, 9);
    }

    [Fact]
    public void VoiWindow_Apply_FollowsTheStandardsLinearFunction()
    {
        // PS3.3 C.11.2.1.2.1 with c = 40, w = 400: x <= -160 → 0, x > 239 → 1, linear between.
        var w = new VoiWindow(40, 400);
        Assert.Equal(0, w.Apply(-160));
        Assert.Equal(1, w.Apply(239.5));
        Assert.Equal(0.5, w.Apply(39.5), 9);
        Assert.Equal((100 - 39.5) / 399 + 0.5, w.Apply(100), 9);
    }

    [Fact]
    public void VoiWindow_FromPercentiles_CoversTheRobustRange()
    {
        var values = Enumerable.Range(0, 1001).Select(i => (double)i).ToArray();
        values[0] = -100000; // an outlier the window must ignore
        var w = VoiWindow.FromPercentiles(values, 1, 99);
        Assert.Equal(0, w.Apply(10));
        Assert.Equal(1, w.Apply(990));
        Assert.InRange(w.Apply(500), 0.49, 0.51);
    }

    [Fact]
    public void PackBits_HandWorkedSegment_Decodes()
    {
        // literal run of 3 (02 aa bb cc), repeat run of 4 (FD dd), no-op (80), literal 1 (00 ee)
        byte[] input = [0x02, 0xAA, 0xBB, 0xCC, 0xFD, 0xDD, 0x80, 0x00, 0xEE];
        var output = new byte[8];
        Assert.Equal(8, RleLosslessCodec.PackBits(input, output));
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD, 0xDD, 0xDD, 0xDD, 0xEE }, output);
    }

    [Fact]
    public void DicomImage_Monochrome1_IsInvertedForDisplay()
    {
        var image = DicomImage.Open(TestFiles.Dicom("pydicom-dicomdir__77654033_CR1_6154.dcm"));
        Assert.True(image.Description.IsMonochrome1);
        var modality = image.ModalityValues();
        var display = image.RenderFloat();
        int darkest = Array.IndexOf(modality, modality.Min()), brightest = Array.IndexOf(modality, modality.Max());
        Assert.True(display[darkest] > display[brightest], "MONOCHROME1: the lowest value must display brightest");
    }

    [Fact]
    public void DicomImage_CtRescale_GivesHounsfieldUnits()
    {
        var image = DicomImage.Open(TestFiles.Dicom("pydicom__CT_small.dcm"));
        Assert.Equal(175 - 1024, image.ModalityValues()[0]);
    }

    [Fact]
    public void TransferSyntax_Lookup_UnknownUidIsEncapsulatedExplicit()
    {
        var ts = TransferSyntax.Lookup("1.2.3.4.5");
        Assert.True(ts.IsExplicitVR && ts.IsLittleEndian && ts.IsEncapsulated);
        Assert.Same(TransferSyntax.JpegBaseline, TransferSyntax.Lookup("1.2.840.10008.1.2.4.50\0"));
    }
}

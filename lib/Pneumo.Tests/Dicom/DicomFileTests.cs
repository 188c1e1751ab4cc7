using System.Text;
using Pneumo.Dicom;

namespace Pneumo.Tests.Dicom;

public class DicomFileTests
{
    [Fact]
    public void Open_SiimLikeSample_HasTheSiimHeader()
    {
        var file = DicomFile.Open(TestFiles.Dicom(TestFiles.SiimLike));
        var ds = file.Dataset;
        Assert.Equal(TransferSyntax.JpegBaseline, file.TransferSyntax);
        Assert.Equal("38", ds.GetString(DicomTags.PatientAge));
        Assert.Equal("M", ds.GetString(DicomTags.PatientSex));
        Assert.Equal("PA", ds.GetString(DicomTags.ViewPosition));
        Assert.Equal("CR", ds.GetString(DicomTags.Modality));
        Assert.Equal("view: PA", ds.GetString(DicomTags.SeriesDescription));
        Assert.Equal(1024, ds.GetInt32(DicomTags.Rows));
        Assert.Equal("01", ds.GetString(DicomTags.LossyImageCompression));
        Assert.True(file.HasPreamble);
    }

    [Fact]
    public void OpenHeader_SiimLikeSample_SameElementsAsFullReadWithoutPixelData()
    {
        var path = TestFiles.Dicom(TestFiles.SiimLike);
        var header = DicomFile.OpenHeader(path, initialBytes: 512); // forces the grow-and-retry path
        var full = DicomFile.Open(path);
        Assert.True(header.IsHeaderOnly);
        Assert.False(header.Dataset.Contains(DicomTags.PixelData));
        var expected = full.Dataset.Elements.Where(e => e.Tag != DicomTags.PixelData).Select(e => (e.Tag, e.VR, Convert.ToHexString(e.RawValue.Span)));
        var actual = header.Dataset.Elements.Select(e => (e.Tag, e.VR, Convert.ToHexString(e.RawValue.Span)));
        Assert.Equal(expected, actual);
        Assert.Throws<DicomException>(() => PixelData.Decode(header));
    }

    [Fact]
    public void OpenHeader_TruncatedPixelData_StillReadsHeader()
    {
        var file = DicomFile.OpenHeader(TestFiles.Dicom("pydicom__MR_truncated.dcm"));
        Assert.Equal(64, file.Dataset.GetInt32(DicomTags.Rows));
        var ex = Assert.Throws<DicomException>(() => DicomFile.Open(TestFiles.Dicom("pydicom__MR_truncated.dcm")));
        Assert.Equal(DicomTags.PixelData, ex.Tag);
        Assert.Contains("runs past the end", ex.Message);
    }

    [Theory]
    [InlineData("pydicom__MR_small_implicit.dcm", "1.2.840.10008.1.2")]
    [InlineData("pydicom__MR_small.dcm", "1.2.840.10008.1.2.1")]
    [InlineData("pydicom__MR_small_bigendian.dcm", "1.2.840.10008.1.2.2")]
    [InlineData("pydicom__image_dfl.dcm", "1.2.840.10008.1.2.1.99")]
    public void Open_EachEncoding_ReadsTheSameKindOfHeader(string name, string syntaxUid)
    {
        var file = DicomFile.Open(TestFiles.Dicom(name));
        Assert.Equal(syntaxUid, file.TransferSyntax.Uid);
        Assert.True(file.Dataset.GetInt32(DicomTags.Rows) > 0);
        Assert.False(string.IsNullOrEmpty(file.Dataset.GetString(DicomTags.SOPInstanceUID)));
    }

    [Fact]
    public void Open_RawExplicitDatasetWithoutMeta_DetectsEncoding()
    {
        var file = DicomFile.Open(TestFiles.Dicom("pydicom__ExplVR_LitEndNoMeta.dcm"));
        Assert.False(file.HasPreamble);
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("RTPLAN", file.Dataset.GetString(DicomTags.Modality));
    }

    [Fact]
    public void Open_Latin1CharacterSet_DecodesAccents()
    {
        var ds = DicomFile.Open(TestFiles.Dicom("pydicom-charset__chrFren.dcm")).Dataset;
        Assert.Equal("Buc^Jérôme", ds.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Utf8CharacterSet_DecodesPersonName()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        ds.SetString(DicomTags.PatientName, "Łukasz^Ωmega");
        Assert.Equal("Łukasz^Ωmega", ds.GetString(DicomTags.PatientName));
        Assert.Equal(Encoding.UTF8.WebName, ds.TextEncoding.WebName);
    }

    [Fact]
    public void Open_NestedPrivateSequencesInImplicitVR_ReadsItems()
    {
        var ds = DicomFile.Open(TestFiles.Dicom("pydicom__nested_priv_SQ.dcm")).Dataset;
        var outer = ds.GetItems(new DicomTag(0x0001, 0x0001));
        Assert.Single(outer);
        var inner = outer[0].GetItems(new DicomTag(0x0001, 0x0001));
        Assert.Single(inner);
        Assert.Equal("Double Nested SQ", inner[0].GetString(new DicomTag(0x0001, 0x0001)));
        Assert.Equal("Nested SQ", outer[0].GetString(new DicomTag(0x0001, 0x0002)));
    }

    [Fact]
    public void Open_UndefinedLengthUN_ReadsItAsImplicitSequence()
    {
        var ds = DicomFile.Open(TestFiles.Dicom("pydicom__UN_sequence.dcm")).Dataset;
        var items = ds.GetItems(new DicomTag(0x4453, 0x100C));
        Assert.Single(items);
        Assert.Equal("1.2.840.113619.2.327.3.185221411.476.1398588725.795", items[0].GetString(DicomTags.StudyInstanceUID));
        var series = items[0].GetItems(new DicomTag(0x0008, 0x1115));
        Assert.Equal("1.2.840.113619.2.327.3.185221411.476.1398588726.276", series[0].GetString(DicomTags.SeriesInstanceUID));
    }

    [Fact]
    public void Open_StructuredReport_ReadsNestedContentWithoutPixels()
    {
        var file = DicomFile.Open(TestFiles.Dicom("pydicom__reportsi.dcm"));
        Assert.Equal("SR", file.Dataset.GetString(DicomTags.Modality));
        Assert.NotEmpty(file.Dataset.GetItems(new DicomTag(0x0040, 0xA730)));
        var ex = Assert.Throws<DicomException>(() => PixelData.Decode(file));
        Assert.Contains("no Pixel Data", ex.Message);
    }

    [Fact]
    public void Open_MultiValuedDecimalStrings_ParseAsNumbers()
    {
        var ds = DicomFile.Open(TestFiles.Dicom("pydicom__CT_small.dcm")).Dataset;
        Assert.Equal(2, ds.GetDoubles(DicomTags.PixelSpacing).Count);
        Assert.Equal(-1024, ds.GetDouble(DicomTags.RescaleIntercept));
    }
}

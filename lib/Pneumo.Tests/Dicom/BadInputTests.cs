using System.Buffers.Binary;
using System.Text;
using Pneumo.Dicom;

namespace Pneumo.Tests.Dicom;

/// <summary>Bad input ends in the reader's own exception, naming the file, the offset and the tag.</summary>
public class BadInputTests
{
    private static byte[] Sample(string name) => File.ReadAllBytes(TestFiles.Dicom(name));

    [Fact]
    public void Parse_EmptyFile_SaysEmpty()
    {
        var ex = Assert.Throws<DicomException>(() => DicomFile.Parse(Array.Empty<byte>(), "empty.dcm"));
        Assert.Equal("empty.dcm: the file is empty", ex.Message);
    }

    [Fact]
    public void Parse_TextFile_SaysNotDicom()
    {
        var ex = Assert.Throws<DicomException>(() => DicomFile.Parse(Encoding.ASCII.GetBytes("ImageId, EncodedPixels\n1.2.3, -1\n" + new string('x', 300)), "labels.dcm"));
        Assert.StartsWith("labels.dcm: not a DICOM file", ex.Message);
        Assert.Equal(0, ex.Offset);
    }

    [Fact]
    public void Parse_JpegNamedDcm_SaysNotDicom()
    {
        var jpeg = Pneumo.Dicom.Codecs.JpegBaselineCodec.EncodeGray(new byte[64 * 64], 64, 64);
        Assert.Throws<DicomException>(() => DicomFile.Parse(jpeg, "photo.dcm"));
    }

    [Fact]
    public void Open_MissingFile_NamesIt()
    {
        var ex = Assert.Throws<DicomException>(() => DicomFile.Open("/nonexistent/dir/x.dcm"));
        Assert.StartsWith("/nonexistent/dir/x.dcm: cannot read the file", ex.Message);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Parse_TruncatedSiimFile_FailsWithOffsetAndTag(double keep)
    {
        var bytes = Sample(TestFiles.SiimLike);
        var cut = bytes.AsMemory(0, (int)(bytes.Length * keep));
        var ex = Assert.Throws<DicomException>(() => PixelData.Decode(DicomFile.Parse(cut, "cut.dcm")));
        Assert.StartsWith("cut.dcm: ", ex.Message);
        Assert.NotNull(ex.Offset);
        Assert.NotNull(ex.Tag);
    }

    [Fact]
    public void Parse_PixelDataLengthClaims4GB_NeitherAllocatesNorReads()
    {
        var bytes = Sample("pydicom__CT_small.dcm");
        var file = DicomFile.Parse(bytes);
        var pixel = file.Dataset[DicomTags.PixelData]!;
        // Explicit VR OW: tag(4) VR(2) reserved(2) length(4).
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)pixel.Offset + 8), 0xFFFFFFF0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DicomException>(() => DicomFile.Parse(bytes, "big.dcm"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("value length 4294967280 runs past the end of the file", ex.Message);
        Assert.Equal(DicomTags.PixelData, ex.Tag);
        Assert.Equal(pixel.Offset, ex.Offset);
        Assert.True(allocated < 4 * bytes.Length + 1_000_000, $"allocated {allocated} bytes for a {bytes.Length}-byte file");
    }

    [Fact]
    public void Parse_NonsenseVR_NamesTheVRAndTag()
    {
        var bytes = Sample("pydicom__CT_small.dcm");
        var file = DicomFile.Parse(bytes);
        var rows = file.Dataset[DicomTags.Rows]!;
        bytes[rows.Offset + 4] = (byte)'Q';
        bytes[rows.Offset + 5] = (byte)'%';
        var ex = Assert.Throws<DicomException>(() => DicomFile.Parse(bytes, "vr.dcm"));
        Assert.Contains("invalid value representation", ex.Message);
        Assert.Contains("'Q%'", ex.Message);
        Assert.Equal(DicomTags.Rows, ex.Tag);
        Assert.Equal(rows.Offset, ex.Offset);
    }

    [Fact]
    public void Decode_ImageSizeLargerThanPixelData_FailsInsteadOfGarbage()
    {
        var file = DicomFile.Open(TestFiles.Dicom("pydicom__CT_small.dcm"));
        file.Dataset.SetUInt16(DicomTags.Rows, 129);
        var ex = Assert.Throws<DicomException>(() => PixelData.Decode(file));
        Assert.Contains("need", ex.Message);
    }

    [Fact]
    public void Decode_NumberOfFramesNotANumber_SaysSo()
    {
        var ex = Assert.Throws<DicomException>(() => PixelData.Decode(DicomFile.Open(TestFiles.Dicom("pydicom__badVR.dcm"))));
        Assert.Contains("NumberOfFrames '1A'", ex.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("size-mismatch")]
    [InlineData("not-jpeg")]
    public void Decode_BrokenJpegStream_FailsWithFrameNumber(string damage)
    {
        var file = DicomFile.Open(TestFiles.Dicom(TestFiles.SiimLike));
        var jpeg = file.Dataset[DicomTags.PixelData]!.Fragments!.Fragments[0].ToArray();
        byte[] broken = damage switch
        {
            "truncated" => jpeg[..(jpeg.Length / 2)],
            "size-mismatch" => jpeg,
            _ => new byte[jpeg.Length],
        };
        file.Dataset.SetEncapsulatedPixelData([broken]);
        if (damage == "size-mismatch") file.Dataset.SetUInt16(DicomTags.Rows, 1000);
        var ex = Assert.Throws<DicomException>(() => PixelData.Decode(file));
        Assert.Contains("frame 0", ex.Message);
    }

    [Fact]
    public void Parse_DeeplyNestedSequences_StopsAtTheDepthLimit()
    {
        // 200 nested undefined-length sequences: (0040,A730) SQ, item, (0040,A730) SQ, item, ...
        var s = new MemoryStream();
        void W16(ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); s.Write(b); }
        void W32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); s.Write(b); }
        W16(0x0008); W16(0x0060); s.Write("CS"u8); W16(2); s.Write("SR"u8);
        for (int i = 0; i < 200; i++)
        {
            W16(0x0040); W16(0xA730); s.Write("SQ"u8); W16(0); W32(0xFFFFFFFF);
            W16(0xFFFE); W16(0xE000); W32(0xFFFFFFFF);
        }
        var ex = Assert.Throws<DicomException>(() => DicomFile.Parse(s.ToArray(), "deep.dcm"));
        Assert.Contains("nested deeper", ex.Message);
    }
}

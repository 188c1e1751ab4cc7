using Pneumo.Dicom;
using Pneumo.Dicom.Codecs;

namespace Pneumo.Tests.Dicom;

/// <summary>Files the writer makes read back identically here, and cleanly in dcmtk's dcmdump and in pydicom.</summary>
public class DicomWriterTests
{
    private static DicomDataset NewImage(int rows, int columns, int bits)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        ds.SetString(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        ds.SetString(DicomTags.SOPInstanceUID, "2.25.1234567890123456789");
        ds.SetString(DicomTags.Modality, "CR");
        ds.SetString(DicomTags.PatientName, "Müller^Zoë");
        ds.SetString(DicomTags.PatientAge, "62");
        ds.SetString(DicomTags.PixelSpacing, "0.168", "0.168");
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetUInt16(DicomTags.Rows, (ushort)rows);
        ds.SetUInt16(DicomTags.Columns, (ushort)columns);
        ds.SetUInt16(DicomTags.BitsAllocated, (ushort)bits);
        ds.SetUInt16(DicomTags.BitsStored, (ushort)bits);
        ds.SetUInt16(DicomTags.HighBit, (ushort)(bits - 1));
        ds.SetUInt16(DicomTags.PixelRepresentation, 0);
        var item = new DicomDataset(ds);
        item.SetString(new DicomTag(0x0008, 0x1150), "1.2.840.10008.5.1.4.1.1.7");
        item.SetString(new DicomTag(0x0008, 0x1155), "2.25.42");
        ds.Add(new DicomElement(new DicomTag(0x0008, 0x1140), [item]));
        return ds;
    }

    private static byte[] Gradient(int rows, int columns)
    {
        var pixels = new byte[rows * columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                pixels[r * columns + c] = (byte)((r * 3 + c * 5 + (r * c) % 17) & 0xFF);
        return pixels;
    }

    private static string WriteNative16(TestFiles.TempFolder tmp, out byte[] pixels)
    {
        var ds = NewImage(40, 30, 16);
        pixels = new byte[40 * 30 * 2];
        for (int i = 0; i < 40 * 30; i++) BitConverter.TryWriteBytes(pixels.AsSpan(2 * i), (ushort)(i * 37 % 4096));
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        var path = tmp.File("native16.dcm");
        DicomWriter.WriteFile(path, ds, TransferSyntax.ExplicitVRLittleEndian);
        return path;
    }

    private static string WriteJpeg(TestFiles.TempFolder tmp, out byte[] decodedHere)
    {
        var ds = NewImage(64, 96, 8);
        ds.SetString(DicomTags.LossyImageCompression, "01");
        var jpeg = JpegBaselineCodec.EncodeGray(Gradient(64, 96), 96, 64, quality: 90);
        ds.SetEncapsulatedPixelData([jpeg]);
        var path = tmp.File("jpeg.dcm");
        DicomWriter.WriteFile(path, ds, TransferSyntax.JpegBaseline);
        decodedHere = PixelData.Decode(DicomFile.Open(path)).Stored;
        return path;
    }

    [Fact]
    public void WriteThenRead_Native16_RoundTripsEveryElement()
    {
        using var tmp = TestFiles.NewTempFolder();
        var path = WriteNative16(tmp, out var pixels);
        var file = DicomFile.Open(path);
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("Müller^Zoë", file.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(new[] { 0.168, 0.168 }, file.Dataset.GetDoubles(DicomTags.PixelSpacing));
        Assert.Equal("2.25.42", file.Dataset.GetItems(new DicomTag(0x0008, 0x1140))[0].GetString(new DicomTag(0x0008, 0x1155)));
        Assert.Equal(pixels, PixelData.Decode(file).Stored);
        Assert.Equal("2.25.1234567890123456789", file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID));
    }

    [Fact]
    public void WriteThenRead_JpegBaseline_IsOneGrayComponentCloseToTheSource()
    {
        using var tmp = TestFiles.NewTempFolder();
        var path = WriteJpeg(tmp, out var decoded);
        var source = Gradient(64, 96);
        double meanError = source.Zip(decoded, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanError < 6, $"mean absolute JPEG error {meanError}");
        var fragment = DicomFile.Open(path).Dataset[DicomTags.PixelData]!.Fragments!.Fragments[0].Span;
        int sof = fragment.IndexOf(new byte[] { 0xFF, 0xC0 }); // SOF0: baseline
        Assert.True(sof > 0, "no baseline SOF0 marker");
        Assert.Equal(1, fragment[sof + 9]); // number of components
    }

    [Fact]
    public void Dcmdump_ReadsWrittenFilesWithoutComplaint()
    {
        using var tmp = TestFiles.NewTempFolder();
        foreach (var path in new[] { WriteNative16(tmp, out _), WriteJpeg(tmp, out _) })
        {
            var (code, stdout, stderr) = ExternalTool.Run("dcmdump", ["-dc", "+E", "+U8", path]);
            Assert.True(code == 0, $"dcmdump exit {code}: {stderr}");
            Assert.DoesNotContain("E:", stderr);
            Assert.DoesNotContain("W:", stderr);
            Assert.True(stdout.Contains("(0010,0010) PN [Müller^Zoë]", StringComparison.Ordinal), stdout);
            Assert.True(stdout.Contains("(0028,0030) DS [0.168\\0.168", StringComparison.Ordinal), string.Join("\n", stdout.Split("\n").Where(l => l.Contains("0028,"))));
        }
    }

    [Fact]
    public void Pydicom_ReadsWrittenFilesWithTheSamePixels()
    {
        using var tmp = TestFiles.NewTempFolder();
        var native = WriteNative16(tmp, out var nativePixels);
        var jpeg = WriteJpeg(tmp, out var jpegPixels);
        const string script = """
            import sys, hashlib, pydicom, pydicom.config
            from pydicom.pixel_data_handlers import pillow_handler, numpy_handler
            pydicom.config.pixel_data_handlers = [numpy_handler, pillow_handler]
            for path in sys.argv[1:]:
                ds = pydicom.dcmread(path)
                arr = ds.pixel_array
                print(str(ds.PatientName), ds.PatientAge, arr.shape[0], arr.shape[1], hashlib.sha256(arr.astype(arr.dtype.newbyteorder('<')).tobytes()).hexdigest())
            """;
        var lines = ExternalTool.Python(script, native, jpeg).Trim().Split('\n');
        Assert.Equal($"Müller^Zoë 62 40 30 {TestFiles.Sha256(nativePixels)}", lines[0].Trim());
        Assert.Equal($"Müller^Zoë 62 64 96 {TestFiles.Sha256(jpegPixels)}", lines[1].Trim());
    }

    [Fact]
    public void Write_MismatchedPixelDataAndSyntax_Refuses()
    {
        var ds = NewImage(4, 4, 8);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, new byte[16]);
        Assert.Throws<ArgumentException>(() => DicomWriter.Write(new MemoryStream(), ds, TransferSyntax.JpegBaseline));
    }
}

using Pneumo.Dicom;
using Pneumo.Dicom.Codecs;

namespace Pneumo.Tests.Dicom;

/// <summary>
/// Our Huffman DCT decoder (the 12-bit path) run where an independent reference exists at 8 bits as well: every 8-bit
/// DCT sample file against its dcmtk/GDCM hash, and raw cjpeg streams (restart markers, progressive scans, subsampled
/// colour at odd sizes) against libjpeg-turbo's decode of the same bytes. The 12-bit files are in the manifest test.
/// </summary>
public class JpegDctDecoderTests
{
    [Fact]
    public void EightBitDicomFiles_DecodedByOurDecoder_MatchTheReferenceHashes()
    {
        var rows = ManifestRow.Load().Where(r => r.HasTrustedHash
            && (r.TransferSyntax.StartsWith("1.2.840.10008.1.2.4.50", StringComparison.Ordinal)
                || r.TransferSyntax.StartsWith("1.2.840.10008.1.2.4.51", StringComparison.Ordinal)
                || r.TransferSyntax.StartsWith("1.2.840.10008.1.2.4.55", StringComparison.Ordinal))).ToList();
        var eightBit = rows.Where(r => DicomFile.Open(TestFiles.Dicom(r.File)).Dataset.GetInt32(DicomTags.BitsAllocated) == 8).ToList();
        Assert.True(eightBit.Count >= 14, $"only {eightBit.Count} 8-bit DCT files with a reference");
        Assert.Contains(eightBit, r => r.TransferSyntax.StartsWith("1.2.840.10008.1.2.4.55", StringComparison.Ordinal));
        foreach (var row in eightBit)
        {
            var file = DicomFile.Open(TestFiles.Dicom(row.File));
            var d = PixelDescription.FromDataset(file.Dataset, row.File);
            var frames = file.Dataset[DicomTags.PixelData]!.Fragments!.Frames(d.Frames);
            var output = new byte[d.TotalBytes];
            for (int f = 0; f < d.Frames; f++)
                JpegDctDecoder.Decode(frames[f].Span, f, d.PhotometricInterpretation.StartsWith("YBR", StringComparison.Ordinal),
                    output.AsSpan((int)(f * d.FrameBytes), (int)d.FrameBytes));
            Assert.True(row.StoredSha256 == TestFiles.Sha256(output), $"{row.File}: our DCT decoder differs from the reference");
        }
    }

    public static TheoryData<string> RawStreams() =>
        new(Directory.GetFiles(Path.Combine(TestFiles.DataRoot, "jpeg"), "*.jpg").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(RawStreams))]
    public void CjpegStream_DecodedByOurDecoder_EqualsLibjpegTurbo(string name)
    {
        Assert.True(TurboJpeg.IsAvailable, "libturbojpeg is not installed: on Debian `apt-get install libturbojpeg0` (.ci/run does)");
        var bytes = File.ReadAllBytes(Path.Combine(TestFiles.DataRoot, "jpeg", name));
        var info = JpegStreamInfo.Parse(bytes, 0, allScans: true);
        // the file is what its name says it is, so the test covers that path
        if (name.Contains("restart", StringComparison.Ordinal)) Assert.True(info.RestartInterval > 0, $"{name} has no restart interval");
        if (name.Contains("progressive", StringComparison.Ordinal)) Assert.Equal(0xC2, info.FrameMarker);
        if (name.Contains("420", StringComparison.Ordinal)) Assert.Equal((2, 2), (info.Components[0].Horizontal, info.Components[0].Vertical));
        if (name.Contains("422", StringComparison.Ordinal)) Assert.Equal((2, 1), (info.Components[0].Horizontal, info.Components[0].Vertical));
        bool colour = info.Components.Count == 3;
        int size = info.Width * info.Height * info.Components.Count;
        var ours = new byte[size];
        var turbo = new byte[size];
        JpegDctDecoder.Decode(bytes, 0, fromYCbCr: colour, ours);
        TurboJpeg.Decode(bytes, turbo, info.Width, info.Height, colour, 0);
        int differing = 0;
        for (int i = 0; i < size; i++) if (ours[i] != turbo[i]) differing++;
        Assert.True(differing == 0, $"{name} ({info.Width}x{info.Height}): {differing} of {size} samples differ from libjpeg-turbo's");
    }

    [Fact]
    public void TruncatedTwelveBitStream_ThrowsNamingTheFrame()
    {
        var file = DicomFile.Open(TestFiles.Dicom("generated__ct12_jpeg_extended.dcm"));
        var stream = file.Dataset[DicomTags.PixelData]!.Fragments!.Frames(1)[0].ToArray();
        var cut = stream.AsSpan(0, stream.Length / 2).ToArray();
        var ex = Assert.Throws<DicomException>(() => JpegDctDecoder.Decode(cut, 0, false, new byte[128 * 128 * 2]));
        Assert.Contains("JPEG frame 0", ex.Message);
        Assert.Contains("ends early", ex.Message);
    }
}

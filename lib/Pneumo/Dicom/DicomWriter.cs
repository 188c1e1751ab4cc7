using System.Buffers.Binary;
using System.Text;
using Pneumo.IO;

namespace Pneumo.Dicom;

/// <summary>
/// Writes Part 10 files: preamble, File Meta Information (built from the dataset), and the dataset in Explicit VR
/// Little Endian, with native or encapsulated (e.g. JPEG Baseline) pixel data. Values are padded to even length;
/// sequences are written with undefined length and delimiters.
/// </summary>
public static class DicomWriter
{
    /// <summary>Implementation Class UID (0002,0012) of files this library writes (a UUID-derived 2.25 UID).</summary>
    public const string ImplementationClassUid = "2.25.134304799447618209043726708381766648204";

    /// <summary>Implementation Version Name (0002,0013).</summary>
    public const string ImplementationVersionName = "PNEUMO_1_0";

    /// <summary>
    /// Writes <paramref name="dataset"/> to <paramref name="path"/> through a temporary file and a rename, so a crash
    /// never leaves half a file under the final name.
    /// </summary>
    /// <param name="path">Target file; its folder is created.</param>
    /// <param name="dataset">Must hold SOPClassUID and SOPInstanceUID.</param>
    /// <param name="syntax">Explicit VR Little Endian for native pixel data, or an encapsulated syntax such as JPEG Baseline.</param>
    public static void WriteFile(string path, DicomDataset dataset, TransferSyntax syntax)
    {
        AtomicFile.Write(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            Write(stream, dataset, syntax);
        });
    }

    /// <summary>Writes the file to a stream.</summary>
    /// <exception cref="ArgumentException">Unsupported syntax, missing UIDs, or pixel data that does not match the syntax.</exception>
    public static void Write(Stream stream, DicomDataset dataset, TransferSyntax syntax)
    {
        if (!syntax.IsExplicitVR || !syntax.IsLittleEndian || syntax.IsDeflated)
            throw new ArgumentException($"the writer writes Explicit VR Little Endian datasets, not {syntax.Name}", nameof(syntax));
        var pixel = dataset[DicomTags.PixelData];
        if (pixel is not null && (pixel.Fragments is not null) != syntax.IsEncapsulated)
            throw new ArgumentException($"pixel data is {(pixel.Fragments is null ? "native" : "encapsulated")} but the transfer syntax is {syntax.Name}", nameof(syntax));
        var sopClass = dataset.GetString(DicomTags.SOPClassUID);
        var sopInstance = dataset.GetString(DicomTags.SOPInstanceUID);
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
            throw new ArgumentException("the dataset needs SOPClassUID (0008,0016) and SOPInstanceUID (0008,0018)", nameof(dataset));

        var meta = new DicomDataset();
        meta.SetBytes(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 });
        meta.SetString(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, sopClass);
        meta.SetString(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstance);
        meta.SetString(DicomTags.TransferSyntaxUID, DicomVR.UI, syntax.Uid);
        meta.SetString(DicomTags.ImplementationClassUID, DicomVR.UI, ImplementationClassUid);
        meta.SetString(DicomTags.ImplementationVersionName, DicomVR.SH, ImplementationVersionName);
        using var metaBytes = new MemoryStream();
        WriteDataset(metaBytes, meta);

        var output = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        var groupLength = new DicomDataset().SetUInt32(DicomTags.FileMetaInformationGroupLength, (uint)metaBytes.Length);
        WriteDataset(stream, groupLength);
        metaBytes.Position = 0;
        metaBytes.CopyTo(stream);
        var body = new DicomDataset();
        foreach (var e in dataset.Elements) if (e.Tag.Group != 0x0002) body.Add(e);
        WriteDataset(stream, body);
        output.Flush();
    }

    private static void WriteDataset(Stream s, DicomDataset dataset)
    {
        foreach (var e in dataset.Elements) WriteElement(s, e);
    }

    private static void WriteElement(Stream s, DicomElement e)
    {
        if (e.IsBigEndian && e.VR.NumericSize() > 1)
            throw new ArgumentException($"element {e} holds big-endian values; convert before writing little endian");
        if (e.Items is not null)
        {
            WriteHeader(s, e.Tag, DicomVR.SQ, 0xFFFFFFFF);
            foreach (var item in e.Items)
            {
                WriteTag(s, DicomTag.Item, 0xFFFFFFFF);
                WriteDataset(s, item);
                WriteTag(s, DicomTag.ItemDelimitation, 0);
            }
            WriteTag(s, DicomTag.SequenceDelimitation, 0);
            return;
        }
        if (e.Fragments is not null)
        {
            WriteHeader(s, e.Tag, DicomVR.OB, 0xFFFFFFFF);
            WriteTag(s, DicomTag.Item, (uint)e.Fragments.OffsetTable.Length);
            s.Write(e.Fragments.OffsetTable.Span);
            foreach (var fragment in e.Fragments.Fragments)
            {
                int padded = fragment.Length + (fragment.Length & 1);
                WriteTag(s, DicomTag.Item, (uint)padded);
                s.Write(fragment.Span);
                if ((fragment.Length & 1) == 1) s.WriteByte(0);
            }
            WriteTag(s, DicomTag.SequenceDelimitation, 0);
            return;
        }
        var value = e.RawValue.Span;
        int length = value.Length + (value.Length & 1);
        var vr = e.VR == DicomVR.None ? DicomVR.UN : e.VR;
        if (!vr.HasLongLength() && length > ushort.MaxValue)
            throw new ArgumentException($"element {e.Tag} ({vr.Code()}) is {length} bytes; its VR allows at most 65534");
        WriteHeader(s, e.Tag, vr, (uint)length);
        s.Write(value);
        if ((value.Length & 1) == 1) s.WriteByte(vr.PaddingByte());
    }

    private static void WriteHeader(Stream s, DicomTag tag, DicomVR vr, uint length)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        header[4] = (byte)((ushort)vr >> 8);
        header[5] = (byte)vr;
        if (vr.HasLongLength())
        {
            header[6] = header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
            s.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            s.Write(header[..8]);
        }
    }

    private static void WriteTag(Stream s, DicomTag tag, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        s.Write(header);
    }
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace Pneumo.Dicom;

/// <summary>
/// A DICOM file (PS3.10): the File Meta Information group, the main dataset and its transfer syntax. Reads Part 10
/// files with preamble and raw datasets without one (the encoding is then detected), in Implicit VR LE, Explicit VR
/// LE/BE and Deflated Explicit VR LE.
/// </summary>
public sealed class DicomFile
{
    private DicomFile(string? path, DicomDataset meta, DicomDataset dataset, TransferSyntax syntax, bool headerOnly, bool hasPreamble)
    {
        FilePath = path;
        FileMetaInformation = meta;
        Dataset = dataset;
        TransferSyntax = syntax;
        IsHeaderOnly = headerOnly;
        HasPreamble = hasPreamble;
    }

    /// <summary>The file read, or null when parsed from memory.</summary>
    public string? FilePath { get; }
    /// <summary>Group 0002 (empty for raw datasets without File Meta).</summary>
    public DicomDataset FileMetaInformation { get; }
    /// <summary>The main dataset.</summary>
    public DicomDataset Dataset { get; }
    /// <summary>The transfer syntax of the main dataset.</summary>
    public TransferSyntax TransferSyntax { get; }
    /// <summary>Read with <see cref="OpenHeader"/>: everything before Pixel Data (7FE0,0010), which is absent.</summary>
    public bool IsHeaderOnly { get; }
    /// <summary>The file had the 128-byte preamble and <c>DICM</c> marker.</summary>
    public bool HasPreamble { get; }

    /// <summary>Reads a whole file.</summary>
    /// <exception cref="DicomException">The file is missing, unreadable, not DICOM, or malformed.</exception>
    public static DicomFile Open(string path)
    {
        byte[]? bytes = null;
        return Open(path, ref bytes);
    }

    /// <summary>
    /// <see cref="Open(string)"/> into <paramref name="buffer"/>, grown when the file does not fit: a reader of many
    /// films keeps one per thread instead of asking the runtime for a fresh quarter megabyte (zeroed, on the large
    /// object heap) per film. The file shares the buffer: it is valid until the buffer is read into again.
    /// </summary>
    internal static DicomFile Open(string path, ref byte[]? buffer)
    {
        IO.DataPassCounters.Full(path);
        int length;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long size = RandomAccess.GetLength(handle);
            if (size > Array.MaxLength) throw new DicomException($"the file is {size} bytes, more than one array holds", path);
            // a first file gets an array of its size; a reused buffer grows with room for the next, larger films
            if (buffer is null) buffer = new byte[size];
            else if (buffer.Length < size) buffer = new byte[Math.Max(size + size / 4, 1 << 16)];
            length = 0;
            while (length < size)
            {
                int n = RandomAccess.Read(handle, buffer.AsSpan(length, (int)size - length), length);
                if (n == 0) break;
                length += n;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DicomException($"cannot read the file: {ex.Message}", path, inner: ex);
        }
        return Parse(buffer.AsMemory(0, length), path, false);
    }

    /// <summary>
    /// Reads only the header: everything before Pixel Data. Reads the start of the file and more only if needed, so a
    /// metadata scan touches a few kilobytes per file.
    /// </summary>
    /// <exception cref="DicomException">The file is missing, unreadable, not DICOM, or its header is malformed.</exception>
    public static DicomFile OpenHeader(string path, int initialBytes = 16 * 1024)
    {
        IO.DataPassCounters.Header(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            long fileLength = stream.Length;
            int size = (int)Math.Min(fileLength, Math.Max(initialBytes, 512));
            var buffer = new byte[size];
            int filled = 0;
            while (true)
            {
                while (filled < size)
                {
                    int n = stream.Read(buffer, filled, size - filled);
                    if (n == 0) break;
                    filled += n;
                }
                try
                {
                    return Parse(buffer.AsMemory(0, filled), path, headerOnly: true, isPrefix: filled < fileLength);
                }
                catch (DicomParser.NeedMoreDataException)
                {
                    size = (int)Math.Min(fileLength, (long)size * 4);
                    Array.Resize(ref buffer, size);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DicomException($"cannot read the file: {ex.Message}", path, inner: ex);
        }
    }

    /// <summary>Parses a file held in memory.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="path">A name for messages.</param>
    /// <param name="headerOnly">Stop before Pixel Data.</param>
    /// <exception cref="DicomException">Not DICOM, or malformed.</exception>
    public static DicomFile Parse(ReadOnlyMemory<byte> bytes, string? path = null, bool headerOnly = false) =>
        Parse(bytes, path, headerOnly, isPrefix: false);

    private static DicomFile Parse(ReadOnlyMemory<byte> bytes, string? path, bool headerOnly, bool isPrefix)
    {
        if (bytes.Length == 0) throw new DicomException("the file is empty", path);
        var span = bytes.Span;
        bool preamble = bytes.Length >= 132 && span[128] == 'D' && span[129] == 'I' && span[130] == 'C' && span[131] == 'M';
        int start = preamble ? 132 : bytes.Length >= 4 && span[..4].SequenceEqual("DICM"u8) ? 4 : 0;
        var parser = new DicomParser(bytes, path, isPrefix) { Position = start };

        var meta = new DicomDataset();
        bool metaPresent = parser.PeekTag(false).Group == 0x0002;
        if (!preamble && start == 0 && !metaPresent && DetectRawEncoding(span) is null)
        {
            if (isPrefix && bytes.Length < 132) throw new DicomParser.NeedMoreDataException();
            throw new DicomException("not a DICOM file: no 'DICM' marker at offset 128 and the first bytes are not a DICOM dataset", path, 0);
        }
        if (metaPresent)
        {
            // The File Meta group is always Explicit VR Little Endian (PS3.10 7.1).
            parser.ReadDataset(meta, bytes.Length, explicitVR: true, bigEndian: false, depth: 0,
                untilItemDelimiter: false, stopAtPixelData: false, stopBefore: t => t.Group != 0x0002);
        }

        TransferSyntax syntax;
        var uid = meta.GetString(DicomTags.TransferSyntaxUID);
        if (!string.IsNullOrEmpty(uid)) syntax = TransferSyntax.Lookup(uid);
        else
        {
            syntax = DetectRawEncoding(span[parser.Position..])
                ?? throw new DicomException("no Transfer Syntax UID (0002,0010) and the dataset encoding cannot be recognised", path, parser.Position);
        }

        var dataset = new DicomDataset();
        if (syntax.IsDeflated)
        {
            if (isPrefix) throw new DicomParser.NeedMoreDataException();
            var inflated = Inflate(bytes[parser.Position..], path, parser.Position);
            var inner = new DicomParser(inflated, path, isPrefix: false);
            inner.ReadDataset(dataset, inflated.Length, true, false, 0, false, headerOnly);
        }
        else
        {
            parser.ReadDataset(dataset, bytes.Length, syntax.IsExplicitVR, !syntax.IsLittleEndian, 0, false, headerOnly);
        }
        if (headerOnly) dataset.Remove(DicomTags.PixelData);
        return new DicomFile(path, meta, dataset, syntax, headerOnly, preamble);
    }

    /// <summary>
    /// Recognises a dataset without File Meta from its first element: a plausible even group, then either two VR letters
    /// (explicit VR) or a 32-bit length that fits (implicit VR). Big endian shows as a byte-swapped group.
    /// </summary>
    private static TransferSyntax? DetectRawEncoding(ReadOnlySpan<byte> s)
    {
        if (s.Length < 8) return null;
        ushort groupLE = BinaryPrimitives.ReadUInt16LittleEndian(s);
        ushort groupBE = BinaryPrimitives.ReadUInt16BigEndian(s);
        bool vrLetters = DicomVRInfo.FromBytes(s[4], s[5]) != DicomVR.None;
        if (IsPlausibleFirstGroup(groupLE))
        {
            if (vrLetters) return TransferSyntax.ExplicitVRLittleEndian;
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]);
            if (length == 0xFFFFFFFF || length <= (uint)(s.Length - 8)) return TransferSyntax.ImplicitVRLittleEndian;
            return null;
        }
        if (IsPlausibleFirstGroup(groupBE) && vrLetters) return TransferSyntax.ExplicitVRBigEndian;
        return null;
    }

    private static bool IsPlausibleFirstGroup(ushort group) => group is >= 0x0002 and <= 0x0030 && (group & 1) == 0;

    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> compressed, string? path, long offset)
    {
        // Deflate cannot expand more than about 1032:1; anything beyond is corrupt, and we never allocate past it.
        long limit = Math.Min((long)compressed.Length * 1100 + 65536, int.MaxValue - 64);
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = deflate.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + n > limit) throw new DicomException("deflated dataset expands beyond any valid size", path, offset);
                output.Write(chunk, 0, n);
            }
            return output.GetBuffer().AsMemory(0, (int)output.Length);
        }
        catch (InvalidDataException ex)
        {
            throw new DicomException($"deflated dataset is corrupt: {ex.Message}", path, offset, inner: ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{FilePath ?? "(memory)"}: {TransferSyntax.Name}, {Dataset.Count} elements";
}

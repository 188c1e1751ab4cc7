namespace Pneumo.Dicom;

/// <summary>
/// A Transfer Syntax (PS3.5 section 10, (0002,0010)): byte order, explicit or implicit VR, and how pixel data is
/// compressed.
/// </summary>
public sealed record TransferSyntax
{
    private TransferSyntax(string uid, string name, bool explicitVR, bool littleEndian, bool encapsulated, bool deflated = false)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsLittleEndian = littleEndian;
        IsEncapsulated = encapsulated;
        IsDeflated = deflated;
    }

    /// <summary>The UID, e.g. <c>1.2.840.10008.1.2.4.50</c>.</summary>
    public string Uid { get; }
    /// <summary>The standard's name, e.g. <c>JPEG Baseline (Process 1)</c>.</summary>
    public string Name { get; }
    /// <summary>Elements carry their VR.</summary>
    public bool IsExplicitVR { get; }
    /// <summary>Little-endian byte order.</summary>
    public bool IsLittleEndian { get; }
    /// <summary>Pixel data is compressed into fragments (PS3.5 A.4).</summary>
    public bool IsEncapsulated { get; }
    /// <summary>The dataset after the File Meta is a raw deflate stream (PS3.5 A.5).</summary>
    public bool IsDeflated { get; }
    /// <summary>One of the JPEG (ISO 10918) syntaxes this reader decodes: baseline, extended, progressive,
    /// lossless (<see cref="Codecs.PixelCodecs"/>).</summary>
    public bool IsJpeg => Codecs.PixelCodecs.IsJpeg(this);

#pragma warning disable CS1591 // names say it
    public static readonly TransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, true, false);
    public static readonly TransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, true, false);
    public static readonly TransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, true, false, deflated: true);
    public static readonly TransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", true, false, false);
    public static readonly TransferSyntax JpegBaseline = new("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, true, true);
    public static readonly TransferSyntax JpegExtended = new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4, 12-bit)", true, true, true);
    public static readonly TransferSyntax JpegProgressive = new("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12, retired)", true, true, true);
    public static readonly TransferSyntax JpegLossless = new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, true, true);
    public static readonly TransferSyntax JpegLosslessSV1 = new("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14 SV1)", true, true, true);
    public static readonly TransferSyntax JpegLSLossless = new("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", true, true, true);
    public static readonly TransferSyntax JpegLSNearLossless = new("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless", true, true, true);
    public static readonly TransferSyntax Jpeg2000Lossless = new("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless", true, true, true);
    public static readonly TransferSyntax Jpeg2000 = new("1.2.840.10008.1.2.4.91", "JPEG 2000", true, true, true);
    public static readonly TransferSyntax RleLossless = new("1.2.840.10008.1.2.5", "RLE Lossless", true, true, true);
#pragma warning restore CS1591

    private static readonly Dictionary<string, TransferSyntax> Known = new[]
    {
        ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian,
        JpegBaseline, JpegExtended, JpegProgressive, JpegLossless, JpegLosslessSV1, JpegLSLossless, JpegLSNearLossless,
        Jpeg2000Lossless, Jpeg2000, RleLossless,
        new("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Lossless", true, true, true),
        new("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", true, true, true),
        new("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile", true, true, true),
        new("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264", true, true, true),
    }.ToDictionary(t => t.Uid);

    /// <summary>
    /// The syntax with this UID. Unknown UIDs are taken as explicit VR little endian with encapsulated pixel data,
    /// which is what every transfer syntax defined after 1999 is (PS3.5 A.4); decoding their pixels then fails clearly.
    /// </summary>
    public static TransferSyntax Lookup(string uid)
    {
        uid = uid.Trim().TrimEnd('\0');
        return Known.TryGetValue(uid, out var ts) ? ts : new TransferSyntax(uid, $"unknown transfer syntax {uid}", true, true, true);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Uid})";
}

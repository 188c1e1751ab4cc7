namespace Pneumo.Dicom;

/// <summary>Value Representations (PS3.5 section 6.2): how an attribute's value is encoded.</summary>
public enum DicomVR : ushort
{
    /// <summary>Not a valid VR (an unknown two-letter code).</summary>
    None = 0,
#pragma warning disable CS1591 // the two-letter codes are the standard's names
    AE = 'A' << 8 | 'E', AS = 'A' << 8 | 'S', AT = 'A' << 8 | 'T', CS = 'C' << 8 | 'S', DA = 'D' << 8 | 'A',
    DS = 'D' << 8 | 'S', DT = 'D' << 8 | 'T', FD = 'F' << 8 | 'D', FL = 'F' << 8 | 'L', IS = 'I' << 8 | 'S',
    LO = 'L' << 8 | 'O', LT = 'L' << 8 | 'T', OB = 'O' << 8 | 'B', OD = 'O' << 8 | 'D', OF = 'O' << 8 | 'F',
    OL = 'O' << 8 | 'L', OV = 'O' << 8 | 'V', OW = 'O' << 8 | 'W', PN = 'P' << 8 | 'N', SH = 'S' << 8 | 'H',
    SL = 'S' << 8 | 'L', SQ = 'S' << 8 | 'Q', SS = 'S' << 8 | 'S', ST = 'S' << 8 | 'T', SV = 'S' << 8 | 'V',
    TM = 'T' << 8 | 'M', UC = 'U' << 8 | 'C', UI = 'U' << 8 | 'I', UL = 'U' << 8 | 'L', UN = 'U' << 8 | 'N',
    UR = 'U' << 8 | 'R', US = 'U' << 8 | 'S', UT = 'U' << 8 | 'T', UV = 'U' << 8 | 'V',
#pragma warning restore CS1591
}

/// <summary>Facts about each <see cref="DicomVR"/> that the reader and writer need.</summary>
public static class DicomVRInfo
{
    /// <summary>The VR whose two ASCII letters are <paramref name="first"/> and <paramref name="second"/>, or <see cref="DicomVR.None"/>.</summary>
    public static DicomVR FromBytes(byte first, byte second)
    {
        var vr = (DicomVR)(first << 8 | second);
        return Enum.IsDefined(vr) && vr != DicomVR.None ? vr : DicomVR.None;
    }

    /// <summary>Parses a two-letter code such as <c>"US"</c>.</summary>
    public static DicomVR Parse(string code) =>
        code.Length == 2 ? FromBytes((byte)code[0], (byte)code[1]) : DicomVR.None;

    /// <summary>The two-letter code.</summary>
    public static string Code(this DicomVR vr) =>
        vr == DicomVR.None ? "??" : new string([(char)((ushort)vr >> 8), (char)((ushort)vr & 0xFF)]);

    /// <summary>In explicit VR encodings, these VRs have two reserved bytes and a 32-bit length (PS3.5 7.1.2).</summary>
    public static bool HasLongLength(this DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR
        or DicomVR.UT or DicomVR.UV;

    /// <summary>VRs whose value is text in the dataset's character set.</summary>
    public static bool IsText(this DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA
        or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH
        or DicomVR.ST or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>Text VRs that hold one value even if it contains a backslash.</summary>
    public static bool IsSingleValuedText(this DicomVR vr) => vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    /// <summary>Text VRs decoded with the dataset's Specific Character Set (others are plain ASCII).</summary>
    public static bool UsesCharacterSet(this DicomVR vr) => vr is DicomVR.LO or DicomVR.LT or DicomVR.PN
        or DicomVR.SH or DicomVR.ST or DicomVR.UC or DicomVR.UT;

    /// <summary>Size in bytes of one value of a binary numeric VR, or 0 for other VRs.</summary>
    public static int NumericSize(this DicomVR vr) => vr switch
    {
        DicomVR.US or DicomVR.SS or DicomVR.OW => 2,
        DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.OF or DicomVR.OL or DicomVR.AT => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.SV or DicomVR.UV or DicomVR.OV => 8,
        _ => 0,
    };

    /// <summary>The byte used to pad a value to even length: NUL for UI and binary VRs, a space for text.</summary>
    public static byte PaddingByte(this DicomVR vr) => vr.IsText() && vr != DicomVR.UI ? (byte)' ' : (byte)0;
}

using System.Globalization;

namespace Pneumo.Dicom;

/// <summary>A DICOM attribute tag: (group, element), written as <c>(gggg,eeee)</c> in hexadecimal.</summary>
/// <param name="Group">The group number, e.g. 0x0028 for image pixel attributes.</param>
/// <param name="Element">The element number within the group.</param>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    /// <summary>The tag as one 32-bit number, group in the high half: the sort order of a dataset.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Private tags have an odd group number (PS3.5 section 7.8).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>Creates a tag from its 32-bit value.</summary>
    public static DicomTag FromValue(uint value) => new((ushort)(value >> 16), (ushort)value);

    /// <inheritdoc />
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>Parses <c>(0028,0010)</c>, <c>0028,0010</c> or <c>00280010</c>.</summary>
    public static bool TryParse(string text, out DicomTag tag)
    {
        var t = text.Trim().TrimStart('(').TrimEnd(')').Replace(",", "", StringComparison.Ordinal);
        if (t.Length == 8 && uint.TryParse(t, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
        {
            tag = FromValue(v);
            return true;
        }
        tag = default;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"({Group:X4},{Element:X4})";

    // Tags of the data structure itself (PS3.5 section 7.5).
    /// <summary>(FFFE,E000) Item.</summary>
    public static readonly DicomTag Item = new(0xFFFE, 0xE000);
    /// <summary>(FFFE,E00D) Item Delimitation Item.</summary>
    public static readonly DicomTag ItemDelimitation = new(0xFFFE, 0xE00D);
    /// <summary>(FFFE,E0DD) Sequence Delimitation Item.</summary>
    public static readonly DicomTag SequenceDelimitation = new(0xFFFE, 0xE0DD);
}

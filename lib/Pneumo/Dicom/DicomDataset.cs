using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Pneumo.Dicom;

/// <summary>
/// A set of data elements keyed by tag: the main dataset of a file, its File Meta group, or one sequence item.
/// Typed getters decode values on demand and tolerate real-world deviations (padding, stray spaces).
/// </summary>
public sealed class DicomDataset
{
    private readonly SortedDictionary<uint, DicomElement> _elements = new();
    private Encoding? _encoding;

    /// <summary>Creates an empty dataset; items inherit the character set of <paramref name="parent"/>.</summary>
    public DicomDataset(DicomDataset? parent = null) => Parent = parent;

    /// <summary>The dataset this one is an item of, or null.</summary>
    public DicomDataset? Parent { get; }

    /// <summary>The elements, in tag order.</summary>
    public IEnumerable<DicomElement> Elements => _elements.Values;

    /// <summary>Number of elements.</summary>
    public int Count => _elements.Count;

    /// <summary>Encoding of text values: from (0008,0005) here or in a parent dataset.</summary>
    public Encoding TextEncoding
    {
        get
        {
            if (_encoding is not null) return _encoding;
            if (_elements.TryGetValue(DicomTags.SpecificCharacterSet.Value, out var cs))
                return _encoding = CharacterSet.FromSpecificCharacterSet(DecodeStrings(cs, CharacterSet.Default));
            return Parent?.TextEncoding ?? CharacterSet.Default;
        }
    }

    /// <summary>True when the dataset holds <paramref name="tag"/>.</summary>
    public bool Contains(DicomTag tag) => _elements.ContainsKey(tag.Value);

    /// <summary>The element with <paramref name="tag"/>, or null.</summary>
    public DicomElement? this[DicomTag tag] => _elements.GetValueOrDefault(tag.Value);

    /// <summary>Adds or replaces an element.</summary>
    public DicomDataset Add(DicomElement element)
    {
        _elements[element.Tag.Value] = element;
        if (element.Tag == DicomTags.SpecificCharacterSet) _encoding = null;
        return this;
    }

    /// <summary>Removes an element if present.</summary>
    public bool Remove(DicomTag tag) => _elements.Remove(tag.Value);

    // ---------- getters ----------

    /// <summary>The whole text value (all values joined by backslashes), trimmed; null when absent or not text.</summary>
    public string? GetString(DicomTag tag)
    {
        var e = this[tag];
        if (e is null || e.Items is not null || e.Fragments is not null) return null;
        if (!e.VR.IsText() && e.VR != DicomVR.UN) return NumericAsText(e);
        var encoding = e.VR.UsesCharacterSet() ? TextEncoding : CharacterSet.Default;
        return TrimValue(encoding.GetString(e.RawValue.Span), e.VR);
    }

    /// <summary>The values of a multi-valued text element, each trimmed; empty when absent.</summary>
    public IReadOnlyList<string> GetStrings(DicomTag tag)
    {
        var e = this[tag];
        if (e is null || e.Items is not null || e.Fragments is not null) return [];
        if (!e.VR.IsText() && e.VR != DicomVR.UN) return GetDoubles(tag).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray();
        return DecodeStrings(e, e.VR.UsesCharacterSet() ? TextEncoding : CharacterSet.Default);
    }

    /// <summary>The first value as an integer (US, SS, UL, SL, IS, or a whole-number DS); null when absent or unparsable.</summary>
    public int? GetInt32(DicomTag tag)
    {
        var d = GetDouble(tag);
        return d is { } v && Math.Abs(v) <= int.MaxValue && v == Math.Floor(v) ? (int)v : null;
    }

    /// <summary>The first numeric value; null when absent or unparsable.</summary>
    public double? GetDouble(DicomTag tag)
    {
        var all = GetDoubles(tag);
        return all.Count > 0 ? all[0] : null;
    }

    /// <summary>All numeric values of a binary numeric element or a DS/IS string; unparsable entries are skipped.</summary>
    public IReadOnlyList<double> GetDoubles(DicomTag tag)
    {
        var e = this[tag];
        if (e is null || e.Items is not null || e.Fragments is not null) return [];
        if (e.VR is DicomVR.DS or DicomVR.IS)
        {
            var list = new List<double>();
            foreach (var s in DecodeStrings(e, CharacterSet.Default))
                if (DicomNumber.TryParseDecimalString(s, out var d)) list.Add(d);
            return list;
        }
        return ReadBinary(e);
    }

    /// <summary>The items of a sequence; empty when absent.</summary>
    public IReadOnlyList<DicomDataset> GetItems(DicomTag tag) => this[tag]?.Items ?? [];

    // ---------- setters (for the writer) ----------

    /// <summary>Sets a text element; several values are joined with backslashes. Padded to even length on write.</summary>
    public DicomDataset SetString(DicomTag tag, DicomVR vr, params string[] values)
    {
        var text = string.Join('\\', values);
        var encoding = vr.UsesCharacterSet() ? TextEncoding : Encoding.ASCII;
        return Add(new DicomElement(tag, vr, encoding.GetBytes(text)));
    }

    /// <summary>Sets a text element with the VR from the dictionary.</summary>
    public DicomDataset SetString(DicomTag tag, params string[] values) => SetString(tag, VROf(tag), values);

    /// <summary>Sets a US (or other 16-bit unsigned) element.</summary>
    public DicomDataset SetUInt16(DicomTag tag, params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        return Add(new DicomElement(tag, DicomVR.US, bytes));
    }

    /// <summary>Sets a UL element.</summary>
    public DicomDataset SetUInt32(DicomTag tag, params uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        return Add(new DicomElement(tag, DicomVR.UL, bytes));
    }

    /// <summary>Sets a binary element (OB, OW, UN...) with little-endian bytes.</summary>
    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) => Add(new DicomElement(tag, vr, bytes));

    /// <summary>Sets encapsulated pixel data: one frame per fragment, empty Basic Offset Table.</summary>
    public DicomDataset SetEncapsulatedPixelData(IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var offsets = new List<long>();
        long at = 0;
        foreach (var f in frames) { offsets.Add(at); at += 8 + f.Length + (f.Length & 1); }
        return Add(new DicomElement(DicomTags.PixelData, DicomVR.OB, new EncapsulatedPixelData(ReadOnlyMemory<byte>.Empty, frames, offsets)));
    }

    private static DicomVR VROf(DicomTag tag) =>
        DicomDictionary.Find(tag)?.VR ?? throw new ArgumentException($"tag {tag} is not in the dictionary: give its VR explicitly");

    // ---------- decoding helpers ----------

    internal static IReadOnlyList<string> DecodeStrings(DicomElement e, Encoding encoding)
    {
        var text = encoding.GetString(e.RawValue.Span);
        if (e.VR.IsSingleValuedText()) return [TrimValue(text, e.VR)];
        var parts = text.Split('\\');
        if (parts.Length == 1 && TrimValue(parts[0], e.VR).Length == 0) return [];
        return parts.Select(p => TrimValue(p, e.VR)).ToArray();
    }

    private static string TrimValue(string s, DicomVR vr) =>
        vr is DicomVR.LT or DicomVR.ST or DicomVR.UT ? s.TrimEnd(' ', '\0') : s.Trim(' ', '\0');

    private static IReadOnlyList<double> ReadBinary(DicomElement e)
    {
        int size = e.VR.NumericSize();
        if (size == 0) return [];
        var span = e.RawValue.Span;
        var n = span.Length / size;
        var values = new double[n];
        bool be = e.IsBigEndian;
        for (int i = 0; i < n; i++)
        {
            var s = span.Slice(i * size, size);
            values[i] = e.VR switch
            {
                DicomVR.US or DicomVR.OW => be ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s),
                DicomVR.SS => be ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s),
                DicomVR.UL or DicomVR.OL or DicomVR.AT => be ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s),
                DicomVR.SL => be ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s),
                DicomVR.FL or DicomVR.OF => be ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s),
                DicomVR.FD or DicomVR.OD => be ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s),
                DicomVR.SV => be ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s),
                DicomVR.UV or DicomVR.OV => be ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s),
                _ => double.NaN,
            };
        }
        return values;
    }

    private static string? NumericAsText(DicomElement e)
    {
        if (e.VR is DicomVR.OB or DicomVR.OW or DicomVR.OF or DicomVR.OD or DicomVR.OL or DicomVR.OV) return null;
        if (e.VR == DicomVR.AT)
        {
            var span = e.RawValue.Span;
            var tags = new List<string>();
            for (int i = 0; i + 4 <= span.Length; i += 4)
            {
                ushort g = e.IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span[i..]) : BinaryPrimitives.ReadUInt16LittleEndian(span[i..]);
                ushort el = e.IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span[(i + 2)..]) : BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 2)..]);
                tags.Add(new DicomTag(g, el).ToString());
            }
            return string.Join('\\', tags);
        }
        var values = ReadBinary(e);
        return string.Join('\\', values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
    }
}

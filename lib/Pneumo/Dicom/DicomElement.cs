namespace Pneumo.Dicom;

/// <summary>
/// One data element: tag, VR and value. The value is kept as the raw bytes of the file (no copy); a sequence holds
/// its items, encapsulated pixel data its fragments.
/// </summary>
public sealed class DicomElement
{
    /// <summary>Creates an element with a plain value.</summary>
    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value, bool bigEndian = false, long offset = -1)
    {
        Tag = tag;
        VR = vr;
        RawValue = value;
        IsBigEndian = bigEndian;
        Offset = offset;
    }

    /// <summary>Creates a sequence element.</summary>
    public DicomElement(DicomTag tag, IReadOnlyList<DicomDataset> items, long offset = -1)
        : this(tag, DicomVR.SQ, ReadOnlyMemory<byte>.Empty, false, offset) => Items = items;

    /// <summary>Creates an encapsulated pixel data element.</summary>
    public DicomElement(DicomTag tag, DicomVR vr, EncapsulatedPixelData fragments, long offset = -1)
        : this(tag, vr, ReadOnlyMemory<byte>.Empty, false, offset) => Fragments = fragments;

    /// <summary>The tag.</summary>
    public DicomTag Tag { get; }
    /// <summary>The VR: explicit in the file, else implied by the dictionary.</summary>
    public DicomVR VR { get; }
    /// <summary>The value bytes exactly as stored (including any padding byte).</summary>
    public ReadOnlyMemory<byte> RawValue { get; }
    /// <summary>Binary values are big endian (Explicit VR Big Endian files).</summary>
    public bool IsBigEndian { get; }
    /// <summary>Byte offset of the element's tag in the file, or -1 for elements built in memory.</summary>
    public long Offset { get; }
    /// <summary>The items of a sequence, or null.</summary>
    public IReadOnlyList<DicomDataset>? Items { get; }
    /// <summary>Fragments of encapsulated pixel data, or null.</summary>
    public EncapsulatedPixelData? Fragments { get; }

    /// <summary>The keyword from the dictionary, or null.</summary>
    public string? Keyword => DicomDictionary.KeywordOf(Tag);

    /// <inheritdoc />
    public override string ToString() => $"{Tag} {VR.Code()} {Keyword} ({(Items is not null ? $"{Items.Count} items" : Fragments is not null ? $"{Fragments.Fragments.Count} fragments" : $"{RawValue.Length} bytes")})";
}

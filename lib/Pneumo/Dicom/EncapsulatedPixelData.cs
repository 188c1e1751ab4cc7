namespace Pneumo.Dicom;

/// <summary>
/// Compressed pixel data (PS3.5 A.4): a Basic Offset Table item followed by fragments. A frame is one or more
/// consecutive fragments.
/// </summary>
/// <param name="OffsetTable">The Basic Offset Table: byte offsets of each frame's first fragment (often empty).</param>
/// <param name="Fragments">The fragments, in order.</param>
/// <param name="FragmentOffsets">Each fragment's item offset relative to the first fragment item, as the offset table counts.</param>
public sealed record EncapsulatedPixelData(
    ReadOnlyMemory<byte> OffsetTable,
    IReadOnlyList<ReadOnlyMemory<byte>> Fragments,
    IReadOnlyList<long> FragmentOffsets)
{
    /// <summary>Total bytes in all fragments.</summary>
    public long TotalBytes => Fragments.Sum(f => (long)f.Length);

    /// <summary>
    /// Splits the fragments into <paramref name="frameCount"/> frames: by the offset table when present, one fragment
    /// per frame when the counts match, everything for a single frame, else by JPEG start-of-image markers.
    /// </summary>
    /// <exception cref="DicomException">The fragments cannot be assigned to frames.</exception>
    public IReadOnlyList<ReadOnlyMemory<byte>> Frames(int frameCount)
    {
        if (Fragments.Count == 0) throw new DicomException("encapsulated pixel data has no fragments", tag: DicomTags.PixelData);
        if (frameCount == 1) return [Concat(0, Fragments.Count)];
        if (Fragments.Count == frameCount) return Fragments;

        var starts = new List<int>();
        if (OffsetTable.Length >= 4 * frameCount && OffsetTable.Length % 4 == 0)
        {
            var span = OffsetTable.Span;
            for (int f = 0; f < frameCount; f++)
            {
                long offset = BitConverter.ToUInt32(span.Slice(4 * f, 4));
                int index = FragmentOffsets is List<long> list ? list.BinarySearch(offset) : FragmentOffsets.ToList().BinarySearch(offset);
                if (index < 0 || (starts.Count > 0 && index <= starts[^1]))
                    throw new DicomException($"basic offset table entry {f} ({offset}) does not point at a fragment", tag: DicomTags.PixelData);
                starts.Add(index);
            }
        }
        else
        {
            for (int i = 0; i < Fragments.Count; i++)
            {
                var s = Fragments[i].Span;
                if (s.Length >= 2 && s[0] == 0xFF && s[1] == 0xD8) starts.Add(i);
            }
            if (starts.Count != frameCount || starts[0] != 0)
                throw new DicomException($"cannot split {Fragments.Count} fragments into {frameCount} frames (no offset table, {starts.Count} start-of-image markers)", tag: DicomTags.PixelData);
        }
        var frames = new List<ReadOnlyMemory<byte>>(frameCount);
        for (int f = 0; f < starts.Count; f++)
            frames.Add(Concat(starts[f], (f + 1 < starts.Count ? starts[f + 1] : Fragments.Count) - starts[f]));
        return frames;
    }

    private ReadOnlyMemory<byte> Concat(int first, int count)
    {
        if (count == 1) return Fragments[first];
        var total = 0L;
        for (int i = first; i < first + count; i++) total += Fragments[i].Length;
        var buffer = new byte[total];
        var at = 0;
        for (int i = first; i < first + count; i++)
        {
            Fragments[i].Span.CopyTo(buffer.AsSpan(at));
            at += Fragments[i].Length;
        }
        return buffer;
    }
}

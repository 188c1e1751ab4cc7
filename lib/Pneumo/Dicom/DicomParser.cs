using System.Buffers.Binary;

namespace Pneumo.Dicom;

/// <summary>
/// Reads data elements from a byte buffer in one transfer syntax (PS3.5 section 7). Every length is checked against
/// the bytes actually present, every loop consumes at least eight bytes, and nesting is bounded: bad input ends in a
/// <see cref="DicomException"/> with the offset and tag, never a hang or an outsized allocation.
/// </summary>
internal sealed class DicomParser
{
    /// <summary>Deepest nesting of sequences accepted; real files stay far below.</summary>
    public const int MaxDepth = 32;

    private const uint UndefinedLength = 0xFFFFFFFF;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly string? _path;
    private readonly long _baseOffset;
    private int _pos;

    /// <param name="data">The bytes to parse.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="isPrefix">The buffer is only the start of the file: running out of bytes asks for more.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/>[0] in the file, for messages.</param>
    public DicomParser(ReadOnlyMemory<byte> data, string? path, bool isPrefix, long baseOffset = 0)
    {
        _data = data;
        _path = path;
        IsPrefix = isPrefix;
        _baseOffset = baseOffset;
    }

    /// <summary>The buffer ends before the file does.</summary>
    public bool IsPrefix { get; }

    /// <summary>Current read position in the buffer.</summary>
    public int Position { get => _pos; set => _pos = value; }

    /// <summary>Thrown (and caught by <see cref="DicomFile"/>) when a prefix buffer is too short.</summary>
    internal sealed class NeedMoreDataException : Exception;

    /// <summary>
    /// Reads elements until <paramref name="end"/>, an item delimiter (for undefined-length items), or, when
    /// <paramref name="stopAtPixelData"/>, the Pixel Data tag at the top level (position left on that tag).
    /// </summary>
    public DicomDataset ReadDataset(DicomDataset target, int end, bool explicitVR, bool bigEndian, int depth,
        bool untilItemDelimiter, bool stopAtPixelData, Func<DicomTag, bool>? stopBefore = null)
    {
        if (depth > MaxDepth) throw Error($"sequences nested deeper than {MaxDepth} levels", null);
        while (_pos < end)
        {
            int start = _pos;
            if (end - _pos < 8)
            {
                // Trailing bytes too short for an element header: padding after the last element is tolerated only at the top level.
                if (depth == 0 && !untilItemDelimiter && !IsPrefix) { _pos = end; break; }
                NeedOrFail(8, null, "an element header");
            }
            var tag = ReadTag(bigEndian);
            if (tag == DicomTag.ItemDelimitation)
            {
                _pos += 4;
                if (untilItemDelimiter) return target;
                throw Error("item delimiter outside an item of undefined length", tag, start);
            }
            if (tag == DicomTag.SequenceDelimitation || tag == DicomTag.Item)
                throw Error($"unexpected {(tag == DicomTag.Item ? "item" : "sequence delimiter")} tag inside a dataset", tag, start);
            if (stopBefore is not null && stopBefore(tag)) { _pos = start; return target; }
            if (stopAtPixelData && depth == 0 && tag == DicomTags.PixelData) { _pos = start; return target; }

            DicomVR vr;
            uint length;
            if (explicitVR)
            {
                Need(2, tag);
                var span = _data.Span;
                vr = DicomVRInfo.FromBytes(span[_pos], span[_pos + 1]);
                if (vr == DicomVR.None)
                    throw Error($"invalid value representation 0x{span[_pos]:X2}{span[_pos + 1]:X2} ('{Printable(span[_pos])}{Printable(span[_pos + 1])}')", tag, start);
                _pos += 2;
                if (vr.HasLongLength())
                {
                    Need(6, tag);
                    _pos += 2; // reserved
                    length = ReadUInt32(bigEndian);
                }
                else
                {
                    Need(2, tag);
                    length = ReadUInt16(bigEndian);
                }
            }
            else
            {
                Need(4, tag);
                vr = DicomDictionary.ImpliedVR(tag);
                length = ReadUInt32(bigEndian);
            }

            DicomElement element;
            if (length == UndefinedLength)
            {
                if (tag == DicomTags.PixelData && vr != DicomVR.SQ)
                    element = new DicomElement(tag, vr, ReadFragments(bigEndian, tag), _baseOffset + start);
                else if (vr == DicomVR.SQ || vr == DicomVR.UN || !explicitVR)
                {
                    // UN of undefined length holds an Implicit VR Little Endian sequence (PS3.5 6.2.2).
                    bool itemsExplicit = vr == DicomVR.SQ && explicitVR;
                    bool itemsBigEndian = vr == DicomVR.SQ && bigEndian;
                    var items = ReadItems(target, int.MaxValue, itemsExplicit, itemsBigEndian, depth, tag);
                    element = new DicomElement(tag, items, _baseOffset + start);
                }
                else throw Error($"undefined length is not allowed for VR {vr.Code()}", tag, start);
            }
            else
            {
                if (length > (uint)(end - _pos))
                {
                    if (IsPrefix && end == _data.Length) throw new NeedMoreDataException();
                    throw Error($"value length {length} runs past the end of the {(depth == 0 ? "file" : "item")} ({end - _pos} bytes left)", tag, start);
                }
                int valueEnd = _pos + (int)length;
                if (vr == DicomVR.SQ)
                {
                    var items = ReadItems(target, valueEnd, explicitVR, bigEndian, depth, tag);
                    element = new DicomElement(tag, items, _baseOffset + start);
                }
                else
                {
                    element = new DicomElement(tag, vr, _data.Slice(_pos, (int)length), bigEndian, _baseOffset + start);
                    _pos = valueEnd;
                }
            }
            target.Add(element);
        }
        if (untilItemDelimiter)
        {
            if (IsPrefix) throw new NeedMoreDataException();
            throw Error("item of undefined length has no item delimiter before the end of the data", null);
        }
        return target;
    }

    private List<DicomDataset> ReadItems(DicomDataset parent, int end, bool explicitVR, bool bigEndian, int depth, DicomTag sequenceTag)
    {
        var items = new List<DicomDataset>();
        bool undefined = end == int.MaxValue;
        if (undefined) end = _data.Length;
        while (true)
        {
            if (!undefined && _pos >= end) return items;
            int start = _pos;
            NeedOrFail(8, sequenceTag, "an item header", end);
            var tag = ReadTag(bigEndian);
            uint length = ReadUInt32(bigEndian);
            if (tag == DicomTag.SequenceDelimitation)
            {
                if (undefined) return items;
                throw Error("sequence delimiter in a sequence of defined length", sequenceTag, start);
            }
            if (tag != DicomTag.Item) throw Error($"expected an item tag (FFFE,E000) in the sequence, found {tag}", sequenceTag, start);
            var item = new DicomDataset(parent);
            if (length == UndefinedLength)
                ReadDataset(item, end, explicitVR, bigEndian, depth + 1, untilItemDelimiter: true, stopAtPixelData: false);
            else
            {
                if (length > (uint)(end - _pos))
                {
                    if (IsPrefix && end == _data.Length) throw new NeedMoreDataException();
                    throw Error($"item length {length} runs past the end of its sequence ({end - _pos} bytes left)", sequenceTag, start);
                }
                int itemEnd = _pos + (int)length;
                ReadDataset(item, itemEnd, explicitVR, bigEndian, depth + 1, untilItemDelimiter: false, stopAtPixelData: false);
                _pos = itemEnd;
            }
            items.Add(item);
        }
    }

    private EncapsulatedPixelData ReadFragments(bool bigEndian, DicomTag pixelTag)
    {
        ReadOnlyMemory<byte> offsetTable = default;
        var fragments = new List<ReadOnlyMemory<byte>>();
        var offsets = new List<long>();
        bool first = true;
        long relative = 0;
        while (true)
        {
            int start = _pos;
            NeedOrFail(8, pixelTag, "a fragment item header");
            var tag = ReadTag(bigEndian);
            uint length = ReadUInt32(bigEndian);
            if (tag == DicomTag.SequenceDelimitation) break;
            if (tag != DicomTag.Item) throw Error($"expected a fragment item (FFFE,E000) in encapsulated pixel data, found {tag}", pixelTag, start);
            if (length == UndefinedLength || length > (uint)(_data.Length - _pos))
            {
                if (IsPrefix) throw new NeedMoreDataException();
                throw Error($"fragment length {(length == UndefinedLength ? "undefined" : length.ToString())} runs past the end of the file ({_data.Length - _pos} bytes left)", pixelTag, start);
            }
            var value = _data.Slice(_pos, (int)length);
            _pos += (int)length;
            if (first) { offsetTable = value; first = false; continue; }
            fragments.Add(value);
            offsets.Add(relative);
            relative += 8 + length;
        }
        return new EncapsulatedPixelData(offsetTable, fragments, offsets);
    }

    public DicomTag PeekTag(bool bigEndian)
    {
        if (_data.Length - _pos < 4) return new DicomTag(0xFFFF, 0xFFFF);
        var s = _data.Span[_pos..];
        return bigEndian
            ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(s), BinaryPrimitives.ReadUInt16BigEndian(s[2..]))
            : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..]));
    }

    private DicomTag ReadTag(bool bigEndian)
    {
        var tag = PeekTag(bigEndian);
        _pos += 4;
        return tag;
    }

    private ushort ReadUInt16(bool bigEndian)
    {
        var s = _data.Span[_pos..];
        _pos += 2;
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
    }

    private uint ReadUInt32(bool bigEndian)
    {
        var s = _data.Span[_pos..];
        _pos += 4;
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    private void Need(int bytes, DicomTag? tag) => NeedOrFail(bytes, tag, "the element header");

    private void NeedOrFail(int bytes, DicomTag? tag, string what, int end = -1)
    {
        if (end < 0) end = _data.Length;
        if (end - _pos >= bytes) return;
        if (IsPrefix && end == _data.Length) throw new NeedMoreDataException();
        throw Error($"file ends inside {what} (needs {bytes} bytes, {Math.Max(0, end - _pos)} left)", tag);
    }

    private DicomException Error(string reason, DicomTag? tag, int? at = null) =>
        new(reason, _path, _baseOffset + (at ?? _pos), tag);

    private static char Printable(byte b) => b is >= 0x20 and < 0x7F ? (char)b : '.';
}

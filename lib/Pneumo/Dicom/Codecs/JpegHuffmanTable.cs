namespace Pneumo.Dicom.Codecs;

/// <summary>
/// One Huffman table of a DCT JPEG stream (ITU T.81 Annex C, built as libjpeg's jpeg_make_d_derived_tbl does): the
/// canonical codes' limits per length, and an 8-bit lookahead for the short codes.
/// </summary>
internal sealed class JpegHuffmanTable
{
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _values;
    private readonly ushort[] _lookahead = new ushort[256];

    private JpegHuffmanTable(byte[] values) => _values = values;

    /// <summary>Builds the table from a DHT segment's 16 code counts and its symbols.</summary>
    /// <exception cref="DicomException">The counts describe no valid prefix code.</exception>
    public static JpegHuffmanTable Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values, int frameIndex)
    {
        var table = new JpegHuffmanTable(values.ToArray());
        int code = 0, p = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            if (n > 0)
            {
                table._valueOffset[length] = p - code;
                for (int k = 0; k < n; k++, p++, code++)
                {
                    if (code >= 1 << length)
                        throw new DicomException($"JPEG frame {frameIndex}: a Huffman table has more codes of length {length} than fit", tag: DicomTags.PixelData);
                    if (length <= 8)
                    {
                        int shift = 8 - length;
                        for (int fill = 0; fill < 1 << shift; fill++)
                            table._lookahead[(code << shift) | fill] = (ushort)((length << 8) | table._values[p]);
                    }
                }
                table._maxCode[length] = code - 1;
            }
            else table._maxCode[length] = -1;
            code <<= 1;
        }
        table._maxCode[17] = int.MaxValue;
        return table;
    }

    /// <summary>Decodes one symbol from <paramref name="reader"/>.</summary>
    /// <exception cref="DicomException">The next 16 bits start no code of this table.</exception>
    public int Decode(ref JpegEntropyReader reader)
    {
        uint peek = reader.Peek16();
        int look = _lookahead[peek >> 8];
        if (look != 0)
        {
            reader.Skip(look >> 8);
            return look & 0xFF;
        }
        for (int length = 9; length <= 16; length++)
        {
            int code = (int)(peek >> (16 - length));
            if (code <= _maxCode[length])
            {
                reader.Skip(length);
                int index = code + _valueOffset[length];
                if ((uint)index >= (uint)_values.Length) break;
                return _values[index];
            }
        }
        throw reader.Corrupt("a Huffman code that is in no table");
    }
}

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// Reads the bits of one entropy-coded segment (T.81 F.2.2.5): stuffed zero bytes after 0xFF dropped, stopping at
/// the next marker. Past the marker it supplies zero bits, as libjpeg does, but counts them: a segment that needs
/// them is truncated or corrupt, and <see cref="EndSegment"/> says so.
/// </summary>
internal ref struct JpegEntropyReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _frameIndex;
    private ulong _buffer;
    private int _bits;
    private int _fakeBits;

    public JpegEntropyReader(ReadOnlySpan<byte> data, int position, int frameIndex)
    {
        _data = data;
        Position = position;
        _frameIndex = frameIndex;
    }

    /// <summary>Index of the next byte not yet taken into the bit buffer (at the marker once one is met).</summary>
    public int Position { get; private set; }

    private bool AtMarker { get; set; }

    private void Fill()
    {
        while (_bits <= 56)
        {
            byte b = 0;
            if (!AtMarker && Position < _data.Length)
            {
                b = _data[Position];
                if (b == 0xFF)
                {
                    byte next = Position + 1 < _data.Length ? _data[Position + 1] : (byte)0xD9;
                    if (next == 0x00) Position += 2;
                    else if (next == 0xFF) { Position++; continue; } // fill bytes before a marker
                    else { AtMarker = true; b = 0; }
                }
                else Position++;
            }
            else AtMarker = true;
            if (AtMarker) _fakeBits += 8;
            _buffer |= (ulong)b << (56 - _bits);
            _bits += 8;
        }
    }

    /// <summary>The next 16 bits, not consumed.</summary>
    public uint Peek16()
    {
        if (_bits < 16) Fill();
        return (uint)(_buffer >> 48);
    }

    /// <summary>Consumes <paramref name="n"/> bits already peeked.</summary>
    public void Skip(int n)
    {
        _buffer <<= n;
        _bits -= n;
    }

    /// <summary>The next <paramref name="n"/> bits (0–16) as an unsigned number.</summary>
    public int Bits(int n)
    {
        if (n == 0) return 0;
        if (_bits < n) Fill();
        int v = (int)(_buffer >> (64 - n));
        _buffer <<= n;
        _bits -= n;
        return v;
    }

    /// <summary>The next <paramref name="n"/> bits as the signed value they encode (T.81 F.2.2.1 EXTEND).</summary>
    public int Receive(int n)
    {
        if (n == 0) return 0;
        if (n > 16) throw Corrupt($"a coefficient category of {n} bits");
        int v = Bits(n);
        return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
    }

    /// <summary>
    /// Ends the segment at a restart marker or the end of the scan: the bits left in the last byte are padding.
    /// Throws when the segment used bits past its end; bytes between what was used and the marker are skipped, as
    /// libjpeg skips them.
    /// </summary>
    public void EndSegment(string where)
    {
        if (_bits < _fakeBits) throw Corrupt($"the entropy-coded data of {where} ends early (truncated or corrupt)");
        int p = Position;
        while (p + 1 < _data.Length && !(_data[p] == 0xFF && _data[p + 1] is not 0x00 and not 0xFF)) p++;
        Position = p + 1 < _data.Length ? p : _data.Length;
        _buffer = 0;
        _bits = 0;
        _fakeBits = 0;
        AtMarker = false;
    }

    /// <summary>Reads the RSTn marker expected at this point and resets the bit buffer.</summary>
    public void ReadRestart(int expected)
    {
        EndSegment("a restart interval");
        if (Position + 1 >= _data.Length || _data[Position + 1] != 0xD0 + expected)
            throw Corrupt($"restart marker RST{expected} missing at byte {Position}");
        Position += 2;
    }

    public readonly DicomException Corrupt(string what) =>
        new($"JPEG frame {_frameIndex}: {what}", tag: DicomTags.PixelData);
}

using System.Buffers.Binary;

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// A decoder for Huffman-coded DCT JPEG (T.81 processes 1, 2, 4 and 10/12: sequential and progressive, 8 and 12 bits)
/// that gives libjpeg's samples to the bit: entropy decoding as jdhuff.c and jdphuff.c, the integer inverse DCT
/// (<see cref="IslowIdct"/>), libjpeg's fancy upsampling and YCbCr conversion (<see cref="LibjpegColour"/>). It exists
/// because no library served here decodes 12-bit DCT exactly (JpegLibrary's IDCT is floating point, a step off on a few
/// percent of the samples; libjpeg-turbo builds are 8-bit); 8-bit streams go through libjpeg-turbo, which is faster.
/// Not decoded: arithmetic coding, hierarchical frames, a progressive stream whose first coefficients stay incomplete
/// (libjpeg would smooth those blocks), DNL.
/// </summary>
internal sealed class JpegDctDecoder
{
    private static readonly byte[] NaturalOrder =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    private sealed class Component
    {
        public byte Id;
        public int H, V, Tq;
        public int Width, Height;             // downsampled size in samples
        public int BlocksPerLine, BlockRows;  // blocks holding samples (a non-interleaved scan's extent)
        public int AllocatedPerLine, AllocatedRows;
        public short[] Coefficients = [];
        public ushort[]? Quant;               // latched at the component's first scan, as libjpeg does
        public int DcPredictor;
        public readonly int[] CoefficientBits = Enumerable.Repeat(-1, 64).ToArray();
    }

    private readonly int _frameIndex;
    private readonly ushort[]?[] _quant = new ushort[4][];
    private readonly JpegHuffmanTable?[] _dc = new JpegHuffmanTable[4], _ac = new JpegHuffmanTable[4];
    private Component[] _components = [];
    private int _marker = -1, _precision, _width, _height, _hMax = 1, _vMax = 1, _restartInterval, _scans;

    private JpegDctDecoder(int frameIndex) => _frameIndex = frameIndex;

    /// <summary>
    /// Decodes <paramref name="stream"/> into <paramref name="target"/>: samples interleaved by pixel, one byte each at
    /// 8 bits, two (little endian) at 12; three components converted from YCbCr to RGB when <paramref name="fromYCbCr"/>.
    /// </summary>
    /// <exception cref="DicomException">Corrupt or truncated data, or a kind of JPEG this decoder does not handle.</exception>
    public static void Decode(ReadOnlySpan<byte> stream, int frameIndex, bool fromYCbCr, Span<byte> target)
    {
        var decoder = new JpegDctDecoder(frameIndex);
        decoder.ReadStream(stream);
        var planes = decoder.InverseTransform();
        decoder.Output(planes, fromYCbCr, target);
    }

    private DicomException Error(string what) => new($"JPEG frame {_frameIndex}: {what}", tag: DicomTags.PixelData);

    private void ReadStream(ReadOnlySpan<byte> s)
    {
        if (s.Length < 4 || s[0] != 0xFF || s[1] != 0xD8) throw Error("no SOI marker");
        int i = 2;
        while (true)
        {
            while (i < s.Length && s[i] != 0xFF) i++; // libjpeg skips garbage before a marker (with a warning)
            while (i + 1 < s.Length && s[i + 1] == 0xFF) i++;
            if (i + 1 >= s.Length)
            {
                if (_scans == 0) throw Error("the stream ends before any scan");
                return; // no EOI: what was decoded stands, as with libjpeg
            }
            int marker = s[i + 1];
            i += 2;
            if (marker == 0xD9) return;
            if (marker is >= 0xD0 and <= 0xD7 or 0x01) continue;
            if (i + 2 > s.Length) throw Error("the stream ends inside a marker");
            int length = BinaryPrimitives.ReadUInt16BigEndian(s[i..]);
            if (length < 2 || i + length > s.Length) throw Error($"marker 0xFF{marker:X2} at byte {i - 2} runs past the end of the stream");
            var segment = s.Slice(i + 2, length - 2);
            i += length;
            switch (marker)
            {
                case 0xDB: ReadQuantization(segment); break;
                case 0xC4: ReadHuffman(segment); break;
                case 0xDD when segment.Length >= 2: _restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment); break;
                case 0xC0 or 0xC1 or 0xC2: ReadFrame(marker, segment); break;
                case >= 0xC3 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC:
                    throw Error($"SOF 0x{marker:X2} (lossless, hierarchical or arithmetic) is not a stream for this decoder");
                case 0xDC: throw Error("a DNL marker (number of lines defined after the first scan) is not supported");
                case 0xDA:
                    i = ReadScan(s, segment, i);
                    _scans++;
                    break;
            }
        }
    }

    private void ReadQuantization(ReadOnlySpan<byte> segment)
    {
        int p = 0;
        while (p < segment.Length)
        {
            int pq = segment[p] >> 4, tq = segment[p] & 15;
            p++;
            int size = pq == 0 ? 64 : 128;
            if (tq > 3 || pq > 1 || p + size > segment.Length) throw Error("a quantization table (DQT) is malformed");
            var table = new ushort[64];
            for (int k = 0; k < 64; k++)
                table[NaturalOrder[k]] = pq == 0 ? segment[p + k] : BinaryPrimitives.ReadUInt16BigEndian(segment[(p + 2 * k)..]);
            _quant[tq] = table;
            p += size;
        }
    }

    private void ReadHuffman(ReadOnlySpan<byte> segment)
    {
        int p = 0;
        while (p < segment.Length)
        {
            if (p + 17 > segment.Length) throw Error("a Huffman table (DHT) is truncated");
            int tc = segment[p] >> 4, th = segment[p] & 15;
            var counts = segment.Slice(p + 1, 16);
            int total = 0;
            foreach (var c in counts) total += c;
            if (tc > 1 || th > 3 || total > 256 || p + 17 + total > segment.Length) throw Error("a Huffman table (DHT) is malformed");
            var table = JpegHuffmanTable.Build(counts, segment.Slice(p + 17, total), _frameIndex);
            (tc == 0 ? _dc : _ac)[th] = table;
            p += 17 + total;
        }
    }

    private void ReadFrame(int marker, ReadOnlySpan<byte> segment)
    {
        if (_marker >= 0) throw Error("a second frame header");
        if (segment.Length < 6) throw Error("the frame header is truncated");
        _marker = marker;
        _precision = segment[0];
        _height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        _width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int n = segment[5];
        if (_precision is not (8 or 12)) throw Error($"{_precision}-bit DCT samples (8 or 12 are defined)");
        if (_width == 0 || _height == 0) throw Error("the frame has no lines or no columns");
        if (n is not (1 or 3)) throw Error($"{n} components (1 or 3 are decoded)");
        if (segment.Length < 6 + 3 * n) throw Error("the frame header is truncated");
        _components = new Component[n];
        for (int c = 0; c < n; c++)
        {
            var component = new Component { Id = segment[6 + 3 * c], H = segment[7 + 3 * c] >> 4, V = segment[7 + 3 * c] & 15, Tq = segment[8 + 3 * c] };
            if (component.H is < 1 or > 4 || component.V is < 1 or > 4 || component.Tq > 3) throw Error("a component's sampling factors or table are out of range");
            _components[c] = component;
            _hMax = Math.Max(_hMax, component.H);
            _vMax = Math.Max(_vMax, component.V);
        }
        int mcusPerLine = Ceiling(_width, 8 * _hMax), mcuRows = Ceiling(_height, 8 * _vMax);
        foreach (var c in _components)
        {
            c.Width = Ceiling(_width * c.H, _hMax);
            c.Height = Ceiling(_height * c.V, _vMax);
            c.BlocksPerLine = Ceiling(c.Width, 8);
            c.BlockRows = Ceiling(c.Height, 8);
            c.AllocatedPerLine = mcusPerLine * c.H;
            c.AllocatedRows = mcuRows * c.V;
            c.Coefficients = new short[(long)c.AllocatedPerLine * c.AllocatedRows * 64 is var size && size <= int.MaxValue ? (int)size : throw Error("the frame is too large")];
        }
    }

    private static int Ceiling(int a, int b) => (a + b - 1) / b;

    private int ReadScan(ReadOnlySpan<byte> s, ReadOnlySpan<byte> header, int dataStart)
    {
        if (_marker < 0) throw Error("a scan before the frame header");
        if (header.Length < 1) throw Error("a scan header is truncated");
        int ns = header[0];
        if (ns < 1 || ns > 4 || header.Length < 1 + 2 * ns + 3) throw Error("a scan header is malformed");
        var scan = new Component[ns];
        var dc = new JpegHuffmanTable?[ns];
        var ac = new JpegHuffmanTable?[ns];
        for (int k = 0; k < ns; k++)
        {
            byte id = header[1 + 2 * k];
            scan[k] = Array.Find(_components, c => c.Id == id) ?? throw Error($"a scan names component {id}, which the frame does not have");
            int td = header[2 + 2 * k] >> 4, ta = header[2 + 2 * k] & 15;
            if (td > 3 || ta > 3) throw Error($"a scan names Huffman tables {td} and {ta} (0 to 3 exist)");
            dc[k] = _dc[td];
            ac[k] = _ac[ta];
        }
        int ss = header[1 + 2 * ns], se = header[2 + 2 * ns], ah = header[3 + 2 * ns] >> 4, al = header[3 + 2 * ns] & 15;
        bool progressive = _marker == 0xC2;
        if (progressive)
        {
            if (ss == 0 ? se != 0 : se < ss || se > 63 || ns != 1) throw Error($"a progressive scan with Ss {ss}, Se {se} over {ns} components");
            if (al > 13 || (ah != 0 && ah != al + 1)) throw Error($"a progressive scan with Ah {ah}, Al {al}");
        }
        // a sequential scan's Ss, Se, Ah and Al should be 0, 63, 0, 0; libjpeg warns otherwise and decodes all 64
        // coefficients all the same (pydicom's JPEG-lossy.dcm has Se 0), and so does this decoder
        for (int k = 0; k < ns; k++)
        {
            bool needsDc = !progressive || (ss == 0 && ah == 0), needsAc = !progressive || ss > 0;
            if ((needsDc && dc[k] is null) || (needsAc && ac[k] is null)) throw Error($"a scan uses a Huffman table that was not defined");
            var c = scan[k];
            c.Quant ??= _quant[c.Tq] ?? throw Error($"component {c.Id} uses quantization table {c.Tq}, which was not defined");
            c.DcPredictor = 0;
            if (progressive) TrackBits(c, ss, se, ah, al);
        }

        var reader = new JpegEntropyReader(s, dataStart, _frameIndex);
        int mcusPerLine, mcuRows;
        if (ns == 1) { mcusPerLine = scan[0].BlocksPerLine; mcuRows = scan[0].BlockRows; }
        else { mcusPerLine = Ceiling(_width, 8 * _hMax); mcuRows = Ceiling(_height, 8 * _vMax); }
        int eobRun = 0, restartsLeft = _restartInterval, nextRestart = 0;
        long total = (long)mcusPerLine * mcuRows;
        for (long m = 0; m < total; m++)
        {
            if (_restartInterval > 0 && restartsLeft == 0)
            {
                reader.ReadRestart(nextRestart);
                nextRestart = (nextRestart + 1) & 7;
                restartsLeft = _restartInterval;
                eobRun = 0;
                foreach (var c in scan) c.DcPredictor = 0;
            }
            int mx = (int)(m % mcusPerLine), my = (int)(m / mcusPerLine);
            for (int k = 0; k < ns; k++)
            {
                var c = scan[k];
                int h = ns == 1 ? 1 : c.H, v = ns == 1 ? 1 : c.V;
                for (int by = 0; by < v; by++)
                    for (int bx = 0; bx < h; bx++)
                    {
                        var block = c.Coefficients.AsSpan(((my * v + by) * c.AllocatedPerLine + mx * h + bx) * 64, 64);
                        if (!progressive) DecodeSequential(ref reader, c, dc[k]!, ac[k]!, block);
                        else if (ss == 0 && ah == 0) block[0] = (short)(DecodeDcDifference(ref reader, c, dc[k]!) << al);
                        else if (ss == 0) { if (reader.Bits(1) != 0) block[0] |= (short)(1 << al); }
                        else if (ah == 0) DecodeAcFirst(ref reader, ac[k]!, block, ss, se, al, ref eobRun);
                        else DecodeAcRefine(ref reader, ac[k]!, block, ss, se, al, ref eobRun);
                    }
            }
            restartsLeft--;
        }
        reader.EndSegment($"scan {_scans + 1}");
        return reader.Position;
    }

    private void TrackBits(Component c, int ss, int se, int ah, int al)
    {
        for (int k = ss; k <= se; k++)
        {
            int expected = c.CoefficientBits[k] < 0 ? 0 : c.CoefficientBits[k];
            if (ah != expected)
                throw Error($"a progressive scan refines coefficient {k} of component {c.Id} out of order");
            c.CoefficientBits[k] = al;
        }
    }

    private static int DecodeDcDifference(ref JpegEntropyReader reader, Component c, JpegHuffmanTable table)
    {
        int t = table.Decode(ref reader);
        int value = c.DcPredictor + reader.Receive(t);
        c.DcPredictor = value;
        return value;
    }

    private static void DecodeSequential(ref JpegEntropyReader reader, Component c, JpegHuffmanTable dc, JpegHuffmanTable ac, Span<short> block)
    {
        block[0] = (short)DecodeDcDifference(ref reader, c, dc);
        for (int k = 1; k < 64; k++)
        {
            int rs = ac.Decode(ref reader);
            int r = rs >> 4, s = rs & 15;
            if (s != 0)
            {
                k += r;
                if (k > 63) throw reader.Corrupt("an AC run past the end of a block");
                block[NaturalOrder[k]] = (short)reader.Receive(s);
            }
            else
            {
                if (r != 15) break;
                k += 15;
            }
        }
    }

    private static void DecodeAcFirst(ref JpegEntropyReader reader, JpegHuffmanTable ac, Span<short> block, int ss, int se, int al, ref int eobRun)
    {
        if (eobRun > 0) { eobRun--; return; }
        for (int k = ss; k <= se; k++)
        {
            int rs = ac.Decode(ref reader);
            int r = rs >> 4, s = rs & 15;
            if (s != 0)
            {
                k += r;
                if (k > se) throw reader.Corrupt("an AC run past the end of the spectral band");
                block[NaturalOrder[k]] = (short)(reader.Receive(s) << al);
            }
            else if (r == 15) k += 15;
            else
            {
                eobRun = (1 << r) + reader.Bits(r) - 1;
                break;
            }
        }
    }

    private static void DecodeAcRefine(ref JpegEntropyReader reader, JpegHuffmanTable ac, Span<short> block, int ss, int se, int al, ref int eobRun)
    {
        int p1 = 1 << al, m1 = -1 << al;
        int k = ss;
        if (eobRun == 0)
        {
            for (; k <= se; k++)
            {
                int rs = ac.Decode(ref reader);
                int r = rs >> 4, s = rs & 15;
                if (s != 0)
                {
                    if (s != 1) throw reader.Corrupt("a refinement coefficient of more than one bit");
                    s = reader.Bits(1) != 0 ? p1 : m1;
                }
                else if (r != 15)
                {
                    eobRun = 1 << r;
                    if (r != 0) eobRun += reader.Bits(r);
                    break;
                }
                do
                {
                    int pos = NaturalOrder[k];
                    if (block[pos] != 0) Refine(ref reader, ref block[pos], p1, m1);
                    else if (--r < 0) break;
                    k++;
                }
                while (k <= se);
                if (s != 0)
                {
                    if (k > 63) throw reader.Corrupt("a refinement past the end of a block");
                    block[NaturalOrder[k]] = (short)s;
                }
            }
        }
        if (eobRun > 0)
        {
            for (; k <= se; k++)
            {
                int pos = NaturalOrder[k];
                if (block[pos] != 0) Refine(ref reader, ref block[pos], p1, m1);
            }
            eobRun--;
        }
    }

    private static void Refine(ref JpegEntropyReader reader, ref short coefficient, int p1, int m1)
    {
        if (reader.Bits(1) != 0 && (coefficient & p1) == 0)
            coefficient = (short)(coefficient + (coefficient >= 0 ? p1 : m1));
    }

    /// <summary>Each component's samples (downsampled size, stride BlocksPerLine * 8) through libjpeg's islow IDCT.</summary>
    private ushort[][] InverseTransform()
    {
        if (_marker < 0) throw Error("no frame header");
        var idct = new IslowIdct(_precision);
        var planes = new ushort[_components.Length][];
        for (int ci = 0; ci < _components.Length; ci++)
        {
            var c = _components[ci];
            var quant = c.Quant ?? throw Error($"component {c.Id} is in no scan");
            if (_marker == 0xC2)
            {
                if (c.CoefficientBits[0] < 0) throw Error($"component {c.Id} has no DC scan");
                for (int k = 1; k <= 5; k++)
                    if (c.CoefficientBits[k] != 0)
                        throw Error($"the progressive scans leave coefficient {k} of component {c.Id} incomplete (libjpeg would smooth such blocks); not decoded");
            }
            int stride = c.BlocksPerLine * 8;
            var plane = planes[ci] = new ushort[stride * c.BlockRows * 8];
            for (int by = 0; by < c.BlockRows; by++)
                for (int bx = 0; bx < c.BlocksPerLine; bx++)
                    idct.Transform(c.Coefficients.AsSpan((by * c.AllocatedPerLine + bx) * 64, 64), quant, plane, by * 8 * stride + bx * 8, stride);
        }
        return planes;
    }

    private void Output(ushort[][] planes, bool fromYCbCr, Span<byte> target)
    {
        int n = _components.Length, bytes = _precision == 8 ? 1 : 2;
        if (target.Length < (long)_width * _height * n * bytes) throw Error("the output buffer is too small for the frame");
        var full = new ushort[n][];
        for (int ci = 0; ci < n; ci++)
        {
            var c = _components[ci];
            full[ci] = LibjpegColour.Upsample(planes[ci], c.BlocksPerLine * 8, c.Width, c.Height, c.H, c.V, _hMax, _vMax, _width, _height)
                ?? throw Error($"component {c.Id}'s sampling {c.H}x{c.V} against {_hMax}x{_vMax} is fractional");
        }
        if (n == 3 && fromYCbCr) LibjpegColour.YCbCrToRgb(full, _precision);
        int pixels = _width * _height;
        for (int i = 0; i < pixels; i++)
            for (int ci = 0; ci < n; ci++)
            {
                int at = i * n + ci;
                if (bytes == 1) target[at] = (byte)full[ci][i];
                else BinaryPrimitives.WriteUInt16LittleEndian(target[(2 * at)..], full[ci][i]);
            }
    }
}

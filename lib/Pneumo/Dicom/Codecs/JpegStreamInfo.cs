using System.Buffers.Binary;

namespace Pneumo.Dicom.Codecs;

/// <summary>One component of a JPEG frame header (ITU T.81 B.2.2).</summary>
/// <param name="Id">Component identifier (Ci).</param>
/// <param name="Horizontal">Horizontal sampling factor (Hi).</param>
/// <param name="Vertical">Vertical sampling factor (Vi).</param>
internal readonly record struct JpegComponent(byte Id, int Horizontal, int Vertical);

/// <summary>One scan header's parameters (T.81 B.2.3): for lossless, <paramref name="Start"/> is the predictor (selection value) and <paramref name="Low"/> the point transform.</summary>
/// <param name="Components">Components in the scan.</param>
/// <param name="Start">Ss: start of spectral selection, or the lossless predictor.</param>
/// <param name="Low">Al: successive approximation bit position low, or the lossless point transform.</param>
internal readonly record struct JpegScan(int Components, int Start, int Low);

/// <summary>
/// What a JPEG stream's markers say before any entropy decoding: the frame type and header, the JFIF and Adobe
/// markers that decide libjpeg's colour transform, the restart interval and the scan headers. Parsing stops at the
/// first scan unless every scan is asked for.
/// </summary>
internal sealed class JpegStreamInfo
{
    /// <summary>The SOFn marker's code (0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless, ...).</summary>
    public int FrameMarker { get; private set; } = -1;

    /// <summary>Sample precision P in bits.</summary>
    public int Precision { get; private set; }

    /// <summary>Lines (Y).</summary>
    public int Height { get; private set; }

    /// <summary>Samples per line (X).</summary>
    public int Width { get; private set; }

    /// <summary>The frame's components.</summary>
    public IReadOnlyList<JpegComponent> Components { get; private set; } = [];

    /// <summary>An APP0 JFIF marker is present (libjpeg then takes three components as YCbCr).</summary>
    public bool HasJfif { get; private set; }

    /// <summary>The Adobe APP14 marker's transform flag (0: no colour transform, 1: YCbCr), or null without one.</summary>
    public int? AdobeTransform { get; private set; }

    /// <summary>Restart interval in MCUs (0: none).</summary>
    public int RestartInterval { get; private set; }

    /// <summary>The scan headers read.</summary>
    public List<JpegScan> Scans { get; } = [];

    /// <summary>Lossless (process 14, SOF3 or SOF7/SOF11/SOF15).</summary>
    public bool IsLossless => FrameMarker is 0xC3 or 0xC7 or 0xCB or 0xCF;

    /// <summary>Arithmetic coding (SOF9 and up).</summary>
    public bool IsArithmetic => FrameMarker >= 0xC9;

    /// <summary>
    /// What libjpeg would take three components for without being told (jdapimin.c default_decompress_parms): JFIF
    /// means YCbCr; else Adobe's transform decides; else component ids R, G, B mean RGB; anything else is YCbCr.
    /// </summary>
    public bool LibjpegAssumesYCbCr =>
        HasJfif || (AdobeTransform is { } t ? t != 0 : !(Components.Count == 3 && Components[0].Id == 'R' && Components[1].Id == 'G' && Components[2].Id == 'B'));

    /// <summary>Reads the markers of <paramref name="stream"/> up to the first scan, or through every scan when <paramref name="allScans"/>.</summary>
    /// <exception cref="DicomException">Not a JPEG stream, or a marker segment runs past its end.</exception>
    public static JpegStreamInfo Parse(ReadOnlySpan<byte> stream, int frameIndex, bool allScans = false)
    {
        if (stream.Length < 4 || stream[0] != 0xFF || stream[1] != 0xD8)
            throw new DicomException($"JPEG frame {frameIndex} does not start with an SOI marker", tag: DicomTags.PixelData);
        var info = new JpegStreamInfo();
        int i = 2;
        while (i + 1 < stream.Length)
        {
            if (stream[i] != 0xFF) throw new DicomException($"JPEG frame {frameIndex}: no marker at byte {i}", tag: DicomTags.PixelData);
            int marker = stream[i + 1];
            i += 2;
            if (marker == 0xFF) { i--; continue; }                    // fill byte
            if (marker == 0xD9) break;                                // EOI
            if (marker is >= 0xD0 and <= 0xD7 or 0x01) continue;      // RSTn, TEM: no length
            if (i + 2 > stream.Length) throw new DicomException($"JPEG frame {frameIndex} ends inside a marker", tag: DicomTags.PixelData);
            int length = BinaryPrimitives.ReadUInt16BigEndian(stream[i..]);
            if (length < 2 || i + length > stream.Length)
                throw new DicomException($"JPEG frame {frameIndex}: marker 0xFF{marker:X2} at byte {i - 2} has length {length}, past the end of the stream", tag: DicomTags.PixelData);
            var segment = stream.Slice(i + 2, length - 2);
            i += length;
            switch (marker)
            {
                case 0xE0 when segment.Length >= 5 && segment[..5].SequenceEqual("JFIF\0"u8):
                    info.HasJfif = true;
                    break;
                case 0xEE when segment.Length >= 12 && segment[..5].SequenceEqual("Adobe"u8):
                    info.AdobeTransform = segment[11];
                    break;
                case 0xDD when segment.Length >= 2:
                    info.RestartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC:
                    if (segment.Length < 6) throw new DicomException($"JPEG frame {frameIndex}: the frame header is truncated", tag: DicomTags.PixelData);
                    info.FrameMarker = marker;
                    info.Precision = segment[0];
                    info.Height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                    info.Width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                    int n = segment[5];
                    if (segment.Length < 6 + 3 * n) throw new DicomException($"JPEG frame {frameIndex}: the frame header is truncated", tag: DicomTags.PixelData);
                    var components = new JpegComponent[n];
                    for (int c = 0; c < n; c++)
                        components[c] = new JpegComponent(segment[6 + 3 * c], segment[7 + 3 * c] >> 4, segment[7 + 3 * c] & 15);
                    info.Components = components;
                    break;
                case 0xDA:
                    if (segment.Length < 1 || segment.Length < 1 + 2 * segment[0] + 3) throw new DicomException($"JPEG frame {frameIndex}: a scan header is truncated", tag: DicomTags.PixelData);
                    int ns = segment[0];
                    info.Scans.Add(new JpegScan(ns, segment[1 + 2 * ns], segment[3 + 2 * ns] & 15));
                    if (!allScans) return info;
                    i = SkipEntropyCodedData(stream, i);
                    break;
            }
        }
        return info;
    }

    /// <summary>The index of the first marker after the entropy-coded data starting at <paramref name="start"/> (RSTn markers are part of it).</summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> stream, int start)
    {
        int i = start;
        while (i + 1 < stream.Length)
        {
            int next = stream[i..].IndexOf((byte)0xFF);
            if (next < 0) return stream.Length;
            i += next;
            if (i + 1 >= stream.Length) return stream.Length;
            byte b = stream[i + 1];
            if (b == 0x00 || b is >= 0xD0 and <= 0xD7 || b == 0xFF) { i += b == 0xFF ? 1 : 2; continue; }
            return i;
        }
        return stream.Length;
    }

    /// <summary>
    /// A copy of <paramref name="stream"/> whose colour transform libjpeg cannot mistake: JFIF and Adobe markers
    /// removed and one Adobe APP14 marker inserted after SOI with transform 1 (YCbCr) or 0 (none).
    /// </summary>
    public static byte[] WithAdobeTransform(ReadOnlySpan<byte> stream, bool yCbCr)
    {
        var output = new List<byte>(stream.Length + 16) { 0xFF, 0xD8 };
        output.AddRange([0xFF, 0xEE, 0x00, 0x0E, (byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, (byte)(yCbCr ? 1 : 0)]);
        int i = 2;
        while (i + 3 < stream.Length && stream[i] == 0xFF)
        {
            int marker = stream[i + 1];
            if (marker == 0xDA) break; // the scan and everything after it are copied as they are
            if (marker == 0xFF) { i++; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(stream[(i + 2)..]);
            if (i + 2 + length > stream.Length) break;
            var segment = stream.Slice(i + 4, length - 2);
            bool drop = (marker == 0xE0 && segment.Length >= 5 && segment[..5].SequenceEqual("JFIF\0"u8))
                || (marker == 0xEE && segment.Length >= 5 && segment[..5].SequenceEqual("Adobe"u8));
            if (!drop) output.AddRange(stream.Slice(i, 2 + length));
            i += 2 + length;
        }
        output.AddRange(stream[i..]);
        return output.ToArray();
    }
}

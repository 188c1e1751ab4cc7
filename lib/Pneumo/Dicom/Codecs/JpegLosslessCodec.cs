using System.Buffers.Binary;
using JpegLibrary;

namespace Pneumo.Dicom.Codecs;

/// <summary>
/// JPEG Lossless, process 14 (DICOM's .57 and .70): the Huffman decoding through JpegLibrary, then the prediction
/// checked against the standard. JpegLibrary 0.4.32 reconstructs selection value 1 exactly, but on the first line of
/// the scan it applies the selected predictor with 2^(P−Pt−1) in place of the line
/// above, where T.81 H.1.2.1 prescribes the sample to the left, and it leaves the point transform out of the output.
/// Its prediction is a known function of the samples it wrote, so the differences it decoded are recovered exactly
/// (modulo 2^16, as the standard computes them) and the samples rebuilt with the standard's predictors, then
/// shifted left by the point transform — dcmtk's values for every selection value 1–7 and a point transform
/// (tested). Streams with restart markers are refused.
/// </summary>
internal static class JpegLosslessCodec
{
    public static void Decode(ReadOnlyMemory<byte> frame, PixelDescription d, Span<byte> target, int frameIndex)
    {
        var full = JpegStreamInfo.Parse(frame.Span, frameIndex, allScans: true);
        int width = full.Width, height = full.Height, nc = full.Components.Count;
        if (nc != d.SamplesPerPixel)
            throw new DicomException($"JPEG Lossless frame {frameIndex} has {nc} components but SamplesPerPixel is {d.SamplesPerPixel}", tag: DicomTags.SamplesPerPixel);
        if (full.Components.Any(c => c.Horizontal != 1 || c.Vertical != 1))
            throw new DicomException($"JPEG Lossless frame {frameIndex} subsamples a component; only 1x1 sampling is decoded", tag: DicomTags.PixelData);
        if (full.Scans.Count == 0) throw new DicomException($"JPEG Lossless frame {frameIndex} has no scan", tag: DicomTags.PixelData);
        if (full.Scans.Any(s => s.Start != full.Scans[0].Start || s.Low != full.Scans[0].Low))
            throw new DicomException($"JPEG Lossless frame {frameIndex} changes the predictor or point transform between scans; not decoded", tag: DicomTags.PixelData);
        int predictor = full.Scans[0].Start, pointTransform = full.Scans[0].Low, precision = full.Precision;
        if (precision is < 2 or > 16 || precision > d.BitsAllocated)
            throw new DicomException($"JPEG Lossless frame {frameIndex} has precision {precision} for BitsAllocated {d.BitsAllocated}", tag: DicomTags.BitsAllocated);
        if (predictor > 7 || pointTransform >= precision)
            throw new DicomException($"JPEG Lossless frame {frameIndex}: selection value {predictor}, point transform {pointTransform} are invalid", tag: DicomTags.PixelData);
        // JpegLibrary's prediction after a restart marker differs from the standard's in ways no test file here shows
        // (dcmtk writes no restart markers in lossless streams): refused, rather than decoded possibly wrong
        if (full.RestartInterval > 0)
            throw new DicomException($"JPEG Lossless frame {frameIndex} has restart markers (every {full.RestartInterval} samples); this reader does not decode them", tag: DicomTags.PixelData);

        var planes = new short[nc][];
        for (int c = 0; c < nc; c++) planes[c] = new short[width * height];
        var decoder = new JpegDecoder();
        decoder.SetInput(frame);
        decoder.Identify();
        decoder.SetOutputWriter(new JpegPlaneWriter(width, height, planes));
        decoder.Decode();

        int initial = 1 << (precision - pointTransform - 1);
        var values = new ushort[width * height];
        for (int c = 0; c < nc; c++)
        {
            Rebuild(planes[c], values, width, height, predictor, initial);
            int bytes = d.BytesPerSample;
            for (int p = 0; p < values.Length; p++)
            {
                int v = (values[p] << pointTransform) & 0xFFFF;
                int at = (p * nc + c) * bytes;
                if (bytes == 1) target[at] = (byte)v;
                else BinaryPrimitives.WriteUInt16LittleEndian(target[at..], (ushort)v);
            }
        }
    }

    /// <summary>
    /// From the samples JpegLibrary wrote (<paramref name="library"/>, as its signed 16-bit values) to the standard's:
    /// each difference is the library's sample minus the library's own prediction, and each sample that difference plus
    /// the standard's prediction from the rebuilt samples, modulo 2^16.
    /// </summary>
    internal static void Rebuild(short[] library, ushort[] values, int width, int height, int predictor, int initial)
    {
        for (int y = 0; y < height; y++)
        {
            int row = y * width, up = row - width;
            for (int x = 0; x < width; x++)
            {
                int i = row + x;
                // JpegLibrary's prediction (JpegHuffmanLosslessScanDecoder), with its int arithmetic on its shorts
                int libraryPrediction;
                if (y == 0) libraryPrediction = x == 0 ? initial : Predict(predictor, library[i - 1], initial, initial);
                else if (x == 0) libraryPrediction = library[up];
                else libraryPrediction = Predict(predictor, library[i - 1], library[up + x], library[up + x - 1]);
                int difference = library[i] - libraryPrediction;
                // T.81 H.1.2.1: the first sample 2^(P−Pt−1), the rest of the first line Ra, a line's first sample Rb
                int prediction;
                if (y == 0) prediction = x == 0 ? initial : values[i - 1];
                else prediction = x == 0 ? values[up] : Predict(predictor, values[i - 1], values[up + x], values[up + x - 1]);
                values[i] = (ushort)((difference + prediction) & 0xFFFF);
            }
        }
    }

    private static int Predict(int predictor, int ra, int rb, int rc) => predictor switch
    {
        1 => ra,
        2 => rb,
        3 => rc,
        4 => ra + rb - rc,
        5 => ra + ((rb - rc) >> 1),
        6 => rb + ((ra - rc) >> 1),
        7 => (ra + rb) >> 1,
        _ => 0,
    };
}

using System.Buffers.Binary;

namespace Pneumo.Dicom;

/// <summary>
/// The presentation pipeline of a decoded image: stored values → Modality LUT (RescaleSlope/Intercept) → VOI window
/// → MONOCHROME1 inversion → 8-bit or [0, 1] float output. Colour images pass through as RGB.
/// </summary>
public sealed class DicomImage
{
    /// <summary>Wraps decoded pixels with the dataset that describes them.</summary>
    public DicomImage(DicomDataset dataset, PixelData pixels)
    {
        Dataset = dataset;
        Pixels = pixels;
    }

    /// <summary>Opens and decodes a file.</summary>
    public static DicomImage Open(string path)
    {
        var file = DicomFile.Open(path);
        return new DicomImage(file.Dataset, PixelData.Decode(file));
    }

    /// <summary>The dataset.</summary>
    public DicomDataset Dataset { get; }
    /// <summary>The stored values.</summary>
    public PixelData Pixels { get; }
    /// <summary>Layout.</summary>
    public PixelDescription Description => Pixels.Description;
    /// <summary>Columns.</summary>
    public int Width => Description.Columns;
    /// <summary>Rows.</summary>
    public int Height => Description.Rows;

    /// <summary>Rescale Slope (0028,1053), 1 when absent.</summary>
    public double RescaleSlope => Dataset.GetDouble(DicomTags.RescaleSlope) is { } s && s != 0 ? s : 1;
    /// <summary>Rescale Intercept (0028,1052), 0 when absent.</summary>
    public double RescaleIntercept => Dataset.GetDouble(DicomTags.RescaleIntercept) ?? 0;

    /// <summary>Stored values of a grayscale frame, masked to BitsStored and sign-extended, as numbers.</summary>
    public double[] StoredValues(int frame = 0)
    {
        RequireGray();
        var d = Description;
        var bytes = Pixels.Frame(frame);
        int n = d.Rows * d.Columns, shift = d.HighBit + 1 - d.BitsStored;
        long mask = (1L << d.BitsStored) - 1, sign = 1L << (d.BitsStored - 1);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            long raw = d.BytesPerSample switch
            {
                1 => bytes[i],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]),
            };
            long v = (raw >> shift) & mask;
            if (d.PixelRepresentation == 1 && (v & sign) != 0) v -= 1L << d.BitsStored;
            values[i] = v;
        }
        return values;
    }

    /// <summary>Modality values (stored × slope + intercept) of a grayscale frame.</summary>
    public double[] ModalityValues(int frame = 0)
    {
        var values = StoredValues(frame);
        double slope = RescaleSlope, intercept = RescaleIntercept;
        if (slope != 1 || intercept != 0)
            for (int i = 0; i < values.Length; i++) values[i] = values[i] * slope + intercept;
        return values;
    }

    /// <summary>
    /// The window used when none is given: the header's first, else the full range for 8-bit images without rescale
    /// (their values are already display values), else the 0.5–99.5 percentile range.
    /// </summary>
    public VoiWindow DefaultWindow(int frame = 0)
    {
        if (VoiWindow.FromDataset(Dataset) is { } w) return w;
        if (Description.BitsStored <= 8 && RescaleSlope == 1 && RescaleIntercept == 0 && Description.PixelRepresentation == 0)
            return new VoiWindow(128, 256);
        return VoiWindow.FromPercentiles(ModalityValues(frame));
    }

    /// <summary>The frame as display values in [0, 1] (grayscale only), dark = 0 whatever the photometric interpretation.</summary>
    public float[] RenderFloat(int frame = 0, VoiWindow? window = null)
    {
        var values = ModalityValues(frame);
        window ??= DefaultWindow(frame);
        bool invert = Description.IsMonochrome1;
        var output = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var y = window.Apply(values[i]);
            output[i] = (float)(invert ? 1 - y : y);
        }
        return output;
    }

    /// <summary>
    /// The frame for display as 8 bits: one byte per pixel for grayscale, RGB triplets for colour. 8-bit MONOCHROME2
    /// images with the default window are returned unchanged (the fast path used for the SIIM files).
    /// </summary>
    public byte[] Render8(int frame = 0, VoiWindow? window = null)
    {
        var d = Description;
        if (d.SamplesPerPixel == 3)
        {
            if (d.BitsAllocated == 8) return Pixels.Frame(frame).ToArray();
            throw new DicomException($"colour images with {d.BitsAllocated} bits are not rendered", tag: DicomTags.BitsAllocated);
        }
        window ??= DefaultWindow(frame);
        if (d.BitsAllocated == 8 && d.BitsStored == 8 && d.PixelRepresentation == 0 && RescaleSlope == 1 && RescaleIntercept == 0
            && window == new VoiWindow(128, 256))
        {
            var copy = Pixels.Frame(frame).ToArray();
            if (d.IsMonochrome1) for (int i = 0; i < copy.Length; i++) copy[i] = (byte)(255 - copy[i]);
            return copy;
        }
        var f = RenderFloat(frame, window);
        var bytes = new byte[f.Length];
        for (int i = 0; i < f.Length; i++) bytes[i] = (byte)Math.Round(f[i] * 255);
        return bytes;
    }

    /// <summary>
    /// <see cref="Render8"/> without the copy where there is nothing to do (a single-frame 8-bit MONOCHROME2 image with
    /// the default window: the decoded pixels themselves). The caller must not write to the result.
    /// </summary>
    internal byte[] Render8Shared()
    {
        var d = Description;
        if (d.Frames == 1 && d.SamplesPerPixel == 1 && d.BitsAllocated == 8 && d.BitsStored == 8 && d.PixelRepresentation == 0 && !d.IsMonochrome1
            && RescaleSlope == 1 && RescaleIntercept == 0 && DefaultWindow(0) == new VoiWindow(128, 256) && Pixels.Stored.Length == d.FrameBytes)
            return Pixels.Stored;
        return Render8();
    }

    private void RequireGray()
    {
        if (Description.SamplesPerPixel != 1)
            throw new DicomException($"{Description.PhotometricInterpretation} images have no grayscale values", tag: DicomTags.PhotometricInterpretation);
    }
}

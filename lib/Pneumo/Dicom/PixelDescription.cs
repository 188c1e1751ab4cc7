namespace Pneumo.Dicom;

/// <summary>The Image Pixel module (PS3.3 C.7.6.3): how the stored pixel values are laid out.</summary>
/// <param name="Rows">(0028,0010)</param>
/// <param name="Columns">(0028,0011)</param>
/// <param name="SamplesPerPixel">(0028,0002): 1 for grayscale, 3 for colour.</param>
/// <param name="BitsAllocated">(0028,0100): 1 (bit-packed, e.g. a binary segmentation), 8, 16 or 32.</param>
/// <param name="BitsStored">(0028,0101)</param>
/// <param name="HighBit">(0028,0102)</param>
/// <param name="PixelRepresentation">(0028,0103): 0 unsigned, 1 two's complement.</param>
/// <param name="PlanarConfiguration">(0028,0006): 0 interleaved (RGBRGB), 1 planar (RR..GG..BB..).</param>
/// <param name="PhotometricInterpretation">(0028,0004), e.g. MONOCHROME2.</param>
/// <param name="Frames">(0028,0008) Number of Frames, 1 when absent.</param>
public sealed record PixelDescription(
    int Rows, int Columns, int SamplesPerPixel, int BitsAllocated, int BitsStored, int HighBit,
    int PixelRepresentation, int PlanarConfiguration, string PhotometricInterpretation, int Frames)
{
    /// <summary>Bytes per decoded sample: BitsAllocated / 8, and 1 for 1-bit data (unpacked to one byte, 0 or 1, per pixel).</summary>
    public int BytesPerSample => BitsAllocated == 1 ? 1 : BitsAllocated / 8;

    /// <summary>
    /// Bytes of all frames as stored natively: for 1-bit data the pixels packed eight to a byte with the frames back to
    /// back, not padded to a byte (PS3.5 8.1.1); otherwise <see cref="TotalBytes"/>.
    /// </summary>
    public long StoredBytes => BitsAllocated == 1 ? ((long)Rows * Columns * SamplesPerPixel * Frames + 7) / 8 : TotalBytes;

    /// <summary>Bytes of one decoded frame.</summary>
    public long FrameBytes => (long)Rows * Columns * SamplesPerPixel * BytesPerSample;

    /// <summary>Bytes of all decoded frames.</summary>
    public long TotalBytes => FrameBytes * Frames;

    /// <summary>MONOCHROME1: the minimum value is white and must be inverted for display.</summary>
    public bool IsMonochrome1 => PhotometricInterpretation == "MONOCHROME1";

    /// <summary>Reads and checks the Image Pixel module of <paramref name="dataset"/>.</summary>
    /// <exception cref="DicomException">A required attribute is missing or holds an unsupported value.</exception>
    public static PixelDescription FromDataset(DicomDataset dataset, string? path = null)
    {
        int Required(DicomTag tag) => dataset.GetInt32(tag) ?? throw new DicomException("missing or invalid image attribute", path, tag: tag);
        int rows = Required(DicomTags.Rows), columns = Required(DicomTags.Columns);
        int spp = dataset.GetInt32(DicomTags.SamplesPerPixel) ?? 1;
        int bitsAllocated = Required(DicomTags.BitsAllocated);
        int bitsStored = dataset.GetInt32(DicomTags.BitsStored) ?? bitsAllocated;
        int highBit = dataset.GetInt32(DicomTags.HighBit) ?? bitsStored - 1;
        int representation = dataset.GetInt32(DicomTags.PixelRepresentation) ?? 0;
        int planar = dataset.GetInt32(DicomTags.PlanarConfiguration) ?? 0;
        var photometric = dataset.GetString(DicomTags.PhotometricInterpretation) is { Length: > 0 } p ? p.ToUpperInvariant() : spp == 1 ? "MONOCHROME2" : "RGB";
        int frames = 1;
        if (dataset.GetString(DicomTags.NumberOfFrames) is { Length: > 0 } framesText)
            frames = dataset.GetInt32(DicomTags.NumberOfFrames)
                ?? throw new DicomException($"NumberOfFrames '{framesText}' is not an integer", path, tag: DicomTags.NumberOfFrames);

        if (rows <= 0 || columns <= 0) throw new DicomException($"image size {rows}x{columns} is empty", path, tag: DicomTags.Rows);
        if (spp is not (1 or 3)) throw new DicomException($"SamplesPerPixel {spp} is not supported (1 or 3)", path, tag: DicomTags.SamplesPerPixel);
        if (bitsAllocated is not (1 or 8 or 16 or 32)) throw new DicomException($"BitsAllocated {bitsAllocated} is not supported (1, 8, 16 or 32)", path, tag: DicomTags.BitsAllocated);
        if (bitsStored < 1 || bitsStored > bitsAllocated) throw new DicomException($"BitsStored {bitsStored} does not fit BitsAllocated {bitsAllocated}", path, tag: DicomTags.BitsStored);
        if (highBit < bitsStored - 1 || highBit >= bitsAllocated) highBit = bitsStored - 1; // common writer error; the standard's rule
        if (representation is not (0 or 1)) throw new DicomException($"PixelRepresentation {representation} is invalid", path, tag: DicomTags.PixelRepresentation);
        if (frames < 1) throw new DicomException($"NumberOfFrames {frames} is invalid", path, tag: DicomTags.NumberOfFrames);
        var d = new PixelDescription(rows, columns, spp, bitsAllocated, bitsStored, highBit, representation, planar, photometric, frames);
        if (d.TotalBytes > int.MaxValue - 64)
            throw new DicomException($"decoded pixel data would need {d.TotalBytes} bytes; more than this reader handles", path, tag: DicomTags.PixelData);
        return d;
    }
}

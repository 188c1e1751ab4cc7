using Pneumo.Dicom.Codecs;

namespace Pneumo.Dicom;

/// <summary>
/// Decoded stored pixel values of all frames: little endian, <see cref="PixelDescription.BitsAllocated"/> bits per
/// sample, colour interleaved (RGBRGB). This is the raw material before any LUT (see <see cref="DicomImage"/>).
/// </summary>
public sealed class PixelData
{
    private PixelData(PixelDescription description, byte[] stored)
    {
        Description = description;
        Stored = stored;
    }

    /// <summary>Layout of the values.</summary>
    public PixelDescription Description { get; }

    /// <summary>All frames, one after the other.</summary>
    public byte[] Stored { get; }

    /// <summary>The bytes of frame <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Frame(int index) =>
        Stored.AsSpan((int)(index * Description.FrameBytes), (int)Description.FrameBytes);

    /// <summary>
    /// Decodes the pixel data of <paramref name="file"/>: native (any supported syntax; 1-bit data unpacked), RLE
    /// Lossless, and JPEG Baseline, Extended (8 and 12 bits), Progressive (8 and 12 bits) and Lossless (selection values
    /// 1–7, no restart markers), all to dcmtk's values.
    /// </summary>
    /// <exception cref="UnsupportedTransferSyntaxException">Compressed in a syntax this reader does not decode.</exception>
    /// <exception cref="DicomException">No pixel data, inconsistent attributes, truncated or corrupt data.</exception>
    public static PixelData Decode(DicomFile file) => Decode(file, null);

    /// <summary>
    /// <see cref="Decode(DicomFile)"/> into <paramref name="reuse"/> when it is an array of exactly the decoded size and
    /// the data is compressed: a decoder that fills a fresh 1 MB array per film pays for memory the operating system has
    /// to hand it first (about a fifth of a SIIM film's decode time, measured), one that fills the same array does not.
    /// The result then shares <paramref name="reuse"/>: it is valid until the caller decodes into that array again.
    /// </summary>
    internal static PixelData Decode(DicomFile file, byte[]? reuse)
    {
        var path = file.FilePath;
        if (file.IsHeaderOnly) throw new DicomException("the file was read header-only; open it fully to decode pixels", path);
        var element = file.Dataset[DicomTags.PixelData]
            ?? throw new DicomException("the dataset has no Pixel Data (7FE0,0010)", path, tag: DicomTags.PixelData);
        var description = PixelDescription.FromDataset(file.Dataset, path);
        try
        {
            if (element.Fragments is null)
            {
                if (file.TransferSyntax.IsEncapsulated && !element.RawValue.IsEmpty)
                    throw new DicomException($"transfer syntax {file.TransferSyntax.Name} needs encapsulated pixel data but the value has a defined length", path, element.Offset, element.Tag);
                return new PixelData(description, NativePixelDecoder.Decode(element, description));
            }
            var syntax = file.TransferSyntax;
            if (!syntax.IsEncapsulated)
                throw new DicomException($"encapsulated pixel data in the uncompressed transfer syntax {syntax.Name}", path, element.Offset, element.Tag);
            if (description.BitsAllocated == 1)
                throw new DicomException($"1-bit pixel data in the compressed transfer syntax {syntax.Name} is not decoded", path, element.Offset, DicomTags.BitsAllocated);
            // Compressed data never expands beyond ~1000:1 in practice; refuse to allocate more than that.
            if (description.TotalBytes > element.Fragments.TotalBytes * 1100 + (1 << 20))
                throw new DicomException($"{element.Fragments.TotalBytes} bytes of compressed data cannot hold {description.TotalBytes} bytes of pixels", path, element.Offset, element.Tag);
            var frames = element.Fragments.Frames(description.Frames);
            var output = reuse is not null && reuse.Length == description.TotalBytes ? reuse : new byte[description.TotalBytes];
            for (int f = 0; f < description.Frames; f++)
            {
                var target = output.AsSpan((int)(f * description.FrameBytes), (int)description.FrameBytes);
                PixelCodecs.Decode(syntax, frames[f], description, target, f, path);
            }
            return new PixelData(description, output);
        }
        catch (DicomException ex)
        {
            throw ex.WithFile(path ?? "(memory)");
        }
    }
}

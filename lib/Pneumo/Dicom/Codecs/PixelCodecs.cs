namespace Pneumo.Dicom.Codecs;

/// <summary>Decodes one compressed frame into <paramref name="target"/> (its stored pixel values, little endian).</summary>
/// <param name="frame">The frame's bytes (its fragments joined).</param>
/// <param name="description">What the pixels are (size, bits, samples).</param>
/// <param name="target">Where the frame's native pixels go.</param>
/// <param name="frameIndex">The frame's index, for messages.</param>
internal delegate void FrameDecoder(ReadOnlyMemory<byte> frame, PixelDescription description, Span<byte> target, int frameIndex);

/// <summary>
/// The codec table: the decoder of each encapsulated transfer syntax this reader decodes. Decoding, the supported list
/// in error messages and <see cref="IsJpeg"/> all read it, so a codec is added here once. Native (uncompressed)
/// syntaxes, deflated included, need no codec.
/// </summary>
public static class PixelCodecs
{
    private static readonly Dictionary<TransferSyntax, (string Family, FrameDecoder Decode)> ByTransferSyntax = new()
    {
        [TransferSyntax.RleLossless] = ("RLE", (frame, d, target, f) => RleLosslessCodec.Decode(frame.Span, d, target, f)),
        [TransferSyntax.JpegBaseline] = ("JPEG", JpegCodec.Decode),
        [TransferSyntax.JpegExtended] = ("JPEG", JpegCodec.Decode),
        [TransferSyntax.JpegProgressive] = ("JPEG", JpegCodec.Decode),
        [TransferSyntax.JpegLossless] = ("JPEG", JpegCodec.Decode),
        [TransferSyntax.JpegLosslessSV1] = ("JPEG", JpegCodec.Decode),
    };

    /// <summary>True when pixel data in <paramref name="syntax"/> can be decoded (native, or a codec in the table).</summary>
    public static bool CanDecode(TransferSyntax syntax) => !syntax.IsEncapsulated || ByTransferSyntax.ContainsKey(syntax);

    /// <summary>True for the JPEG (ISO 10918) syntaxes in the table: baseline, extended, progressive, lossless.</summary>
    public static bool IsJpeg(TransferSyntax syntax) => ByTransferSyntax.TryGetValue(syntax, out var codec) && codec.Family == "JPEG";

    /// <summary>What is decoded, for messages: "native (uncompressed, deflated included), RLE Lossless, JPEG Baseline (Process 1), ...".</summary>
    public static string Supported => string.Join(", ", ByTransferSyntax.Keys.Select(s => s.Name).Prepend("native (uncompressed, deflated included)"));

    /// <summary>Decodes <paramref name="frame"/> of <paramref name="syntax"/>.</summary>
    /// <exception cref="UnsupportedTransferSyntaxException">No codec for the syntax.</exception>
    internal static void Decode(TransferSyntax syntax, ReadOnlyMemory<byte> frame, PixelDescription description, Span<byte> target, int frameIndex,
        string? path)
    {
        if (!ByTransferSyntax.TryGetValue(syntax, out var codec)) throw new UnsupportedTransferSyntaxException(syntax, path);
        codec.Decode(frame, description, target, frameIndex);
    }
}

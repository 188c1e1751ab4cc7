using System.Text;
using Pneumo.IO;
using Pneumo.Masks;

namespace Pneumo.Segmentation;

/// <summary>
/// Predicted masks in the SIIM-ACR submission layout, <c>ImageId,EncodedPixels</c>: one row per image, the mask at the
/// DICOM's own size encoded with our relative, column-major run-length encoder (<see cref="RunLengthMask"/>), <c>-1</c>
/// for an empty mask — the file the competition's code scores, and that our label-file reader reads back.
/// </summary>
public static class KaggleMaskFile
{
    /// <summary>Writes <paramref name="masks"/> (each already at its DICOM's size) to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, IEnumerable<(string ImageId, BinaryMask Mask)> masks)
    {
        var sb = new StringBuilder("ImageId,EncodedPixels\n");
        foreach (var (id, mask) in masks)
        {
            var rle = RunLengthMask.FromMask(mask);
            sb.Append(id).Append(',').Append(rle.Area == 0 ? "-1" : rle.ToString()).Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>
    /// A mask predicted at the cache's size brought back to the DICOM's size (<paramref name="width"/> ×
    /// <paramref name="height"/>) by nearest neighbour, so that its pixels cover the film as the prediction did.
    /// </summary>
    public static BinaryMask ToDicomSize(ReadOnlySpan<byte> predicted, int side, int width, int height)
    {
        var result = new BinaryMask(width, height);
        for (int y = 0; y < height; y++)
        {
            int sy = Math.Min(side - 1, (int)((y + 0.5) * side / height));
            for (int x = 0; x < width; x++)
                result.Pixels[y * width + x] = predicted[sy * side + Math.Min(side - 1, (int)((x + 0.5) * side / width))];
        }
        return result;
    }
}

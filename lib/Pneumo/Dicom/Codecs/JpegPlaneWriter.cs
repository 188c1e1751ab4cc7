using JpegLibrary;

namespace Pneumo.Dicom.Codecs;

/// <summary>Receives JpegLibrary's 8x8 blocks of samples into one plane per component.</summary>
internal sealed class JpegPlaneWriter(int width, int height, short[][] planes) : JpegBlockOutputWriter
{
    public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
    {
        if ((uint)componentIndex >= (uint)planes.Length || x >= width || y >= height) return;
        var plane = planes[componentIndex];
        var block = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref blockRef, 64);
        int w = Math.Min(width - x, 8), h = Math.Min(height - y, 8);
        for (int r = 0; r < h; r++) block.Slice(r * 8, w).CopyTo(plane.AsSpan((y + r) * width + x, w));
    }
}

namespace Pneumo.Masks;

/// <summary>A binary segmentation mask, row-major, one byte per pixel (0 or 1).</summary>
public sealed class BinaryMask
{
    /// <summary>Creates an empty mask.</summary>
    public BinaryMask(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"mask size {width}x{height} is empty");
        Width = width;
        Height = height;
        Pixels = new byte[width * height];
    }

    /// <summary>Wraps row-major 0/1 pixels (any non-zero counts as 1).</summary>
    public BinaryMask(int width, int height, byte[] pixels)
    {
        if (pixels.Length != width * height) throw new ArgumentException($"expected {width * height} pixels, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
        for (int i = 0; i < pixels.Length; i++) if (pixels[i] != 0) pixels[i] = 1;
    }

    /// <summary>The share of a resized pixel's area that must be set for it to be set: half.</summary>
    public const double DefaultResizeThreshold = 0.5;

    /// <summary>Columns.</summary>
    public int Width { get; }
    /// <summary>Rows.</summary>
    public int Height { get; }
    /// <summary>Row-major pixels, 0 or 1.</summary>
    public byte[] Pixels { get; }

    /// <summary>The pixel at (row, column).</summary>
    public bool this[int row, int column]
    {
        get => Pixels[row * Width + column] != 0;
        set => Pixels[row * Width + column] = value ? (byte)1 : (byte)0;
    }

    /// <summary>Number of foreground pixels.</summary>
    public int Area
    {
        get
        {
            int n = 0;
            foreach (var p in Pixels) n += p;
            return n;
        }
    }

    /// <summary>The smallest rectangle holding every foreground pixel, or null for an empty mask.</summary>
    public (int Top, int Left, int Bottom, int Right)? BoundingBox()
    {
        int top = int.MaxValue, left = int.MaxValue, bottom = -1, right = -1;
        for (int r = 0; r < Height; r++)
            for (int c = 0; c < Width; c++)
                if (Pixels[r * Width + c] != 0)
                {
                    if (r < top) top = r;
                    if (r > bottom) bottom = r;
                    if (c < left) left = c;
                    if (c > right) right = c;
                }
        return bottom < 0 ? null : (top, left, bottom, right);
    }

    /// <summary>Sets every pixel that is set in <paramref name="other"/> (the union of regions).</summary>
    public void UnionWith(BinaryMask other)
    {
        if (other.Width != Width || other.Height != Height) throw new ArgumentException($"mask sizes differ: {Width}x{Height} vs {other.Width}x{other.Height}");
        for (int i = 0; i < Pixels.Length; i++) Pixels[i] |= other.Pixels[i];
    }

    /// <summary>
    /// Resizes by area averaging: each output pixel is the covered fraction of the input; it is set when that fraction
    /// reaches <paramref name="threshold"/>.
    /// </summary>
    public BinaryMask Resize(int width, int height, double threshold = DefaultResizeThreshold) =>
        new(width, height, Imaging.AreaResize.ResizeMask(Pixels, Width, Height, width, height, threshold));

    /// <summary>True when both masks have the same size and pixels.</summary>
    public bool SameAs(BinaryMask other) => Width == other.Width && Height == other.Height && Pixels.AsSpan().SequenceEqual(other.Pixels);
}

using System.Globalization;
using System.Text;

namespace Pneumo.Masks;

/// <summary>How run starts are written.</summary>
public enum RunLengthConvention
{
    /// <summary>
    /// SIIM-ACR: the first start is a 0-based pixel offset; each later start is the gap after the previous run ends.
    /// </summary>
    Relative,

    /// <summary>The common Kaggle form: every start is an absolute 1-based pixel offset.</summary>
    Absolute,
}

/// <summary>
/// A mask as runs over the pixels numbered column-major (down the first column, then the next), the SIIM-ACR
/// encoding. Decoding and encoding round-trip every mask exactly, runs touching the first and last pixel included.
/// </summary>
public sealed class RunLengthMask
{
    private RunLengthMask(int width, int height, IReadOnlyList<(int Start, int Length)> runs)
    {
        Width = width;
        Height = height;
        Runs = runs;
    }

    /// <summary>Columns of the image the runs cover.</summary>
    public int Width { get; }
    /// <summary>Rows.</summary>
    public int Height { get; }
    /// <summary>Runs as absolute 0-based column-major start and length, in increasing order.</summary>
    public IReadOnlyList<(int Start, int Length)> Runs { get; }

    /// <summary>Foreground pixels (runs of one region never overlap each other).</summary>
    public long Area => Runs.Sum(r => (long)r.Length);

    /// <summary>Parses an encoded mask (<c>-1</c> or empty is an empty mask).</summary>
    /// <exception cref="FormatException">Odd count, non-numbers, negative values, runs out of order or past the image.</exception>
    public static RunLengthMask Parse(string text, int width = 1024, int height = 1024, RunLengthConvention convention = RunLengthConvention.Relative)
    {
        var t = text.Trim();
        if (t.Length == 0 || t == "-1") return new RunLengthMask(width, height, []);
        IO.DataPassCounters.MaskParse();
        var parts = t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length % 2 != 0) throw new FormatException($"run-length mask has an odd number of values ({parts.Length})");
        long total = (long)width * height;
        var runs = new List<(int, int)>(parts.Length / 2);
        long previousEnd = 0;
        for (int i = 0; i < parts.Length; i += 2)
        {
            if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(parts[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var length))
                throw new FormatException($"run {i / 2 + 1}: '{parts[i]} {parts[i + 1]}' is not two integers");
            if (start < 0 || length < 0) throw new FormatException($"run {i / 2 + 1}: negative value '{parts[i]} {parts[i + 1]}'");
            if (length == 0) throw new FormatException($"run {i / 2 + 1}: zero length");
            long absolute = convention == RunLengthConvention.Relative ? previousEnd + start : start - 1;
            if (convention == RunLengthConvention.Absolute && (start == 0 || absolute < previousEnd))
                throw new FormatException($"run {i / 2 + 1}: start {start} is before the end of the previous run or not 1-based");
            if (absolute + length > total)
                throw new FormatException($"run {i / 2 + 1}: pixels {absolute}..{absolute + length - 1} run past the image ({width}x{height} = {total} pixels)");
            runs.Add(((int)absolute, (int)length));
            previousEnd = absolute + length;
        }
        return new RunLengthMask(width, height, runs);
    }

    /// <summary>Encodes a mask, merging adjacent pixels into maximal runs.</summary>
    public static RunLengthMask FromMask(BinaryMask mask)
    {
        var runs = new List<(int, int)>();
        int w = mask.Width, h = mask.Height;
        int start = -1;
        for (int c = 0; c < w; c++)
            for (int r = 0; r < h; r++)
            {
                int index = c * h + r;
                bool on = mask.Pixels[r * w + c] != 0;
                if (on && start < 0) start = index;
                else if (!on && start >= 0)
                {
                    runs.Add((start, index - start));
                    start = -1;
                }
            }
        if (start >= 0) runs.Add((start, w * h - start));
        return new RunLengthMask(w, h, runs);
    }

    /// <summary>The mask as pixels (row-major).</summary>
    public BinaryMask ToMask()
    {
        var mask = new BinaryMask(Width, Height);
        PaintInto(mask);
        return mask;
    }

    /// <summary>Sets this mask's pixels in <paramref name="target"/> (union).</summary>
    public void PaintInto(BinaryMask target)
    {
        if (target.Width != Width || target.Height != Height) throw new ArgumentException($"mask sizes differ: {Width}x{Height} vs {target.Width}x{target.Height}");
        PaintInto(target.Pixels);
    }

    /// <summary>Sets this mask's pixels in row-major <paramref name="pixels"/> of this mask's size (union).</summary>
    internal void PaintInto(Span<byte> pixels)
    {
        if (pixels.Length != Width * Height) throw new ArgumentException($"expected {Width * Height} pixels, got {pixels.Length}", nameof(pixels));
        foreach (var (start, length) in Runs)
        {
            // the runs go down the columns: walk them without a division per pixel
            int c = start / Height, r = start - c * Height;
            for (int k = 0; k < length; k++)
            {
                pixels[r * Width + c] = 1;
                if (++r == Height) { r = 0; c++; }
            }
        }
    }

    /// <summary>Encodes as text, <c>-1</c> for an empty mask.</summary>
    public string ToString(RunLengthConvention convention)
    {
        if (Runs.Count == 0) return "-1";
        var sb = new StringBuilder();
        long previousEnd = 0;
        foreach (var (start, length) in Runs)
        {
            if (sb.Length > 0) sb.Append(' ');
            long value = convention == RunLengthConvention.Relative ? start - previousEnd : start + 1L;
            sb.Append(value.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(length.ToString(CultureInfo.InvariantCulture));
            previousEnd = start + length;
        }
        return sb.ToString();
    }

    /// <summary>The SIIM (relative) encoding.</summary>
    public override string ToString() => ToString(RunLengthConvention.Relative);

    /// <summary>
    /// Area of the union of several region masks and whether any two overlap, from the runs alone (no pixel buffer).
    /// </summary>
    public static (long UnionArea, bool Overlapping) Union(IEnumerable<RunLengthMask> regions)
    {
        var intervals = regions.SelectMany(m => m.Runs).OrderBy(r => r.Start).ToList();
        long union = 0, sum = 0;
        long currentStart = -1, currentEnd = -1;
        foreach (var (start, length) in intervals)
        {
            sum += length;
            long end = (long)start + length;
            if (start >= currentEnd)
            {
                union += currentEnd - currentStart;
                currentStart = start;
                currentEnd = end;
            }
            else if (end > currentEnd) currentEnd = end;
        }
        union += currentEnd - currentStart;
        return (union, sum > union);
    }
}

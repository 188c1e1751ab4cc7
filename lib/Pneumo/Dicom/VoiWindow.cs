using System.Globalization;

namespace Pneumo.Dicom;

/// <summary>
/// A VOI window (PS3.3 C.11.2.1.2): values around <see cref="Center"/> over <see cref="Width"/> map linearly to the
/// display range; values below and above are clipped.
/// </summary>
/// <param name="Center">Window Center (0028,1050), in modality units.</param>
/// <param name="Width">Window Width (0028,1051), at least 1.</param>
public sealed record VoiWindow(double Center, double Width)
{
    /// <summary>The first window in the header, or null when absent or invalid.</summary>
    public static VoiWindow? FromDataset(DicomDataset dataset)
    {
        var c = dataset.GetDouble(DicomTags.WindowCenter);
        var w = dataset.GetDouble(DicomTags.WindowWidth);
        return c is { } center && w is { } width && width >= 1 ? new VoiWindow(center, width) : null;
    }

    /// <summary>A robust window from the <paramref name="lowPercent"/> to the <paramref name="highPercent"/> percentile of the values.</summary>
    public static VoiWindow FromPercentiles(ReadOnlySpan<double> values, double lowPercent = 0.5, double highPercent = 99.5)
    {
        if (values.IsEmpty) return new VoiWindow(0.5, 1);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double lo = sorted[(int)Math.Clamp(Math.Round(lowPercent / 100 * (sorted.Length - 1)), 0, sorted.Length - 1)];
        double hi = sorted[(int)Math.Clamp(Math.Round(highPercent / 100 * (sorted.Length - 1)), 0, sorted.Length - 1)];
        if (hi <= lo) hi = lo + 1;
        // Linear function: the range [lo, hi] covers the window exactly.
        return new VoiWindow((lo + hi) / 2 + 0.5, hi - lo + 1);
    }

    /// <summary>Parses <c>CENTER,WIDTH</c>.</summary>
    public static VoiWindow Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var c)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || w < 1)
            throw new FormatException($"window '{text}' is not CENTER,WIDTH with WIDTH >= 1");
        return new VoiWindow(c, w);
    }

    /// <summary>The standard's LINEAR function, mapping <paramref name="x"/> into [0, 1].</summary>
    public double Apply(double x)
    {
        double lower = Center - 0.5 - (Width - 1) / 2, upper = Center - 0.5 + (Width - 1) / 2;
        if (x <= lower) return 0;
        if (x > upper) return 1;
        return Width <= 1 ? 1 : (x - (Center - 0.5)) / (Width - 1) + 0.5;
    }
}

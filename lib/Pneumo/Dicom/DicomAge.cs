using System.Globalization;

namespace Pneumo.Dicom;

/// <summary>
/// A Patient Age (0010,1010), VR AS: <c>nnnD</c>, <c>nnnW</c>, <c>nnnM</c> or <c>nnnY</c>. Real files also hold bare
/// numbers (<c>62</c>, read as years, as in the SIIM set) and implausible values (<c>413</c>), which parse and are
/// left for data cleaning to judge.
/// </summary>
/// <param name="Years">The age in years (days, weeks and months converted).</param>
/// <param name="Raw">The text as stored.</param>
/// <param name="HasUnit">The value carried a D/W/M/Y unit as the standard requires.</param>
public sealed record DicomAge(double Years, string Raw, bool HasUnit)
{
    /// <summary>Parses an AS value; false for empty or non-numeric text.</summary>
    public static bool TryParse(string? text, out DicomAge? age)
    {
        age = null;
        var t = text?.Trim(' ', '\0') ?? "";
        if (t.Length == 0) return false;
        char unit = char.ToUpperInvariant(t[^1]);
        bool hasUnit = unit is 'D' or 'W' or 'M' or 'Y';
        var digits = hasUnit ? t[..^1].Trim() : t;
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || !double.IsFinite(n)) return false;
        double years = (hasUnit ? unit : 'Y') switch
        {
            'D' => n / 365.25,
            'W' => n * 7 / 365.25,
            'M' => n / 12,
            _ => n,
        };
        age = new DicomAge(years, t, hasUnit);
        return true;
    }
}

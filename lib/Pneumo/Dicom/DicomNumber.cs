using System.Globalization;

namespace Pneumo.Dicom;

/// <summary>Parsing of DICOM's text numbers (DS, IS) as they occur in real files.</summary>
public static class DicomNumber
{
    /// <summary>
    /// Parses a Decimal String or Integer String value: surrounding spaces, a leading '+', exponents, and a decimal
    /// comma (seen in files from some vendors) are accepted.
    /// </summary>
    public static bool TryParseDecimalString(string text, out double value)
    {
        var t = text.Trim(' ', '\0');
        if (t.Contains(',') && !t.Contains('.')) t = t.Replace(',', '.');
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}

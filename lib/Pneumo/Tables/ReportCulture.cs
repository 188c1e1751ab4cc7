using System.Globalization;

namespace Pneumo.Tables;

/// <summary>
/// The culture every number the project prints is formatted with: the invariant culture, except that a percentage
/// reads "95%" (the invariant culture's percent pattern writes "95 %").
/// </summary>
public static class ReportCulture
{
    /// <summary>Invariant, with percentages as <c>n%</c> and <c>-n%</c>.</summary>
    public static CultureInfo Culture { get; } = Create();

    private static CultureInfo Create()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.PercentPositivePattern = 1; // n%
        culture.NumberFormat.PercentNegativePattern = 1; // -n%
        return CultureInfo.ReadOnly(culture);
    }
}

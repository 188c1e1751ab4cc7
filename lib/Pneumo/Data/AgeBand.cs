namespace Pneumo.Data;

/// <summary>The age bands of the subgroup analyses (EDA, fold balance, results): under 40, 40 to 59, 60 and over.</summary>
public static class AgeBand
{
    /// <summary>The bands in order.</summary>
    public static readonly IReadOnlyList<string> Names = ["<40", "40-59", "60+"];

    /// <summary>The band of <paramref name="age"/> in years; null when the age is missing or implausible (over 120).</summary>
    public static string? Of(double? age) => age switch
    {
        null or > DatasetCleaner.MaxPlausibleAge => null,
        < 40 => Names[0],
        < 60 => Names[1],
        _ => Names[2],
    };
}

namespace Pneumo.Workbook;

/// <summary>Marks a property of <see cref="StudyParameters"/> as a parameter: its environment variable and what it means.</summary>
/// <param name="environmentVariable">The <c>PNEUMO_*</c> variable that overrides the default.</param>
/// <param name="description">One line for tables and errors.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StudyParameterAttribute(string environmentVariable, string description) : Attribute
{
    /// <summary>The environment variable.</summary>
    public string EnvironmentVariable { get; } = environmentVariable;
    /// <summary>What the parameter means.</summary>
    public string Description { get; } = description;
}

namespace Pneumo.Training;

/// <summary>
/// Marks a property as a study parameter (of <see cref="TrainingConfig"/>, or of the workbook's study-level parameters):
/// its environment variable and what it means. The property's initial value is its one default.
/// </summary>
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

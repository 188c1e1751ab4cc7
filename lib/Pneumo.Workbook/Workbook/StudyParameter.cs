using System.Globalization;
using System.Reflection;
using Pneumo.Training;

namespace Pneumo.Workbook;

/// <summary>
/// One study parameter (<see cref="StudyParameters.All"/>): a property marked <see cref="StudyParameterAttribute"/>,
/// either of <see cref="StudyParameters"/> itself or of the training configuration it holds.
/// </summary>
public sealed class StudyParameter
{
    private StudyParameter(PropertyInfo property, StudyParameterAttribute info, bool training)
    {
        Property = property;
        EnvironmentVariable = info.EnvironmentVariable;
        Training = training;
        Name = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
        Description = property.Name == nameof(TrainingConfig.Model) ? $"{info.Description}: {Modeling.Architectures.Names()}" : info.Description;
    }

    /// <summary>The parameter of <paramref name="property"/>, or null when it is not marked as one.</summary>
    internal static StudyParameter? Of(PropertyInfo property, bool training) =>
        property.GetCustomAttribute<StudyParameterAttribute>() is { } info ? new StudyParameter(property, info, training) : null;

    /// <summary>The name in camel case (<c>learningRate</c>), as in <c>-p</c>, <c>config.json</c> and the tables.</summary>
    public string Name { get; }
    /// <summary>The property (of <see cref="StudyParameters"/>, or of <see cref="TrainingConfig"/>).</summary>
    public PropertyInfo Property { get; }
    /// <summary>True for a parameter of the training configuration.</summary>
    public bool Training { get; }
    /// <summary>The <c>PNEUMO_*</c> variable.</summary>
    public string EnvironmentVariable { get; }
    /// <summary>What it means, in one line.</summary>
    public string Description { get; }
    /// <summary>Its type.</summary>
    public Type Type => Property.PropertyType;

    /// <summary>Its value in <paramref name="parameters"/>.</summary>
    public object? Get(StudyParameters parameters) => Property.GetValue(Training ? parameters.Training : parameters);

    /// <summary>Sets it in <paramref name="parameters"/> (a training parameter on a copy of the configuration, which stays immutable).</summary>
    public void Set(StudyParameters parameters, object? value)
    {
        if (!Training)
        {
            Property.SetValue(parameters, value);
            return;
        }
        var copy = parameters.Training with { };
        Property.SetValue(copy, value);
        parameters.Training = copy;
    }

    /// <summary>
    /// Parses <paramref name="text"/> as this parameter's type (ranges are the configuration's own check,
    /// <see cref="TrainingConfig.Validate"/>, when a run is made).
    /// </summary>
    /// <exception cref="ArgumentException">The value does not fit, named with <paramref name="source"/>.</exception>
    public object Parse(string text, string source)
    {
        var inv = CultureInfo.InvariantCulture;
        text = text.Trim();
        if (Type == typeof(string)) return text;
        if (Type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, inv,
                out var i) && i >= 0 ? i : throw new ArgumentException($"{source}='{text}' is not a non-negative integer");
        if (Type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, inv,
                out var d) && double.IsFinite(d) ? d : throw new ArgumentException($"{source}='{text}' is not a number");
        if (Type == typeof(bool))
            return text.ToLowerInvariant() switch
            {
                "1" or "true" or "yes" or "on" => true,
                "0" or "false" or "no" or "off" => false,
                _ => throw new ArgumentException($"{source}='{text}' is not true or false"),
            };
        if (Type.IsEnum)
            return Enum.GetNames(Type).FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse(Type, name)
                : throw new ArgumentException($"{source}='{text}': one of {string.Join(", ", Enum.GetNames(Type).Select(n => n.ToLowerInvariant()))}");
        throw new ArgumentException($"{source}: unsupported type {Type.Name}");
    }
}

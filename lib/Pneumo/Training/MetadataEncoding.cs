using Pneumo.Data;

namespace Pneumo.Training;

/// <summary>
/// The metadata a model may use, as four numbers: age (years − 50) / 20 (0 when missing), age missing (0/1),
/// sex (M 1, F 0, unknown 0.5), view (AP 1, PA 0, unknown 0.5).
/// </summary>
public static class MetadataEncoding
{
    /// <summary>The number of metadata features: age, age missing, sex, view.</summary>
    public const int Width = Modeling.PneumothoraxClassifier.MetadataLength;

    /// <summary>Encodes one row.</summary>
    public static float[] Encode(ImageMetadata row) =>
    [
        row.PatientAge is { } age ? (float)((age - 50) / 20) : 0f,
        row.PatientAge is null ? 1f : 0f,
        row.PatientSex switch { "M" => 1f, "F" => 0f, _ => 0.5f },
        row.ViewPosition switch { "AP" => 1f, "PA" => 0f, _ => 0.5f },
    ];
}

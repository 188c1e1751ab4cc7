namespace Pneumo.Data;

/// <summary>
/// One DICOM's metadata row: header values from a header-only read plus its labels. Patient identifiers never appear:
/// <see cref="PatientKey"/> is a one-way hash used only to keep a patient's images in one fold.
/// </summary>
/// <param name="ImageId">SOP Instance UID (the file name).</param>
/// <param name="Path">File path relative to the dataset root.</param>
/// <param name="PatientAgeRaw">(0010,1010) as stored, e.g. <c>62</c> or <c>062Y</c>.</param>
/// <param name="PatientAge">Age in years, null when absent or unparsable (cleaning also clears implausible ones).</param>
/// <param name="PatientSex">(0010,0040).</param>
/// <param name="ViewPosition">(0018,5101): PA or AP.</param>
/// <param name="Modality">(0008,0060).</param>
/// <param name="BodyPartExamined">(0018,0015).</param>
/// <param name="Rows">(0028,0010).</param>
/// <param name="Columns">(0028,0011).</param>
/// <param name="PixelSpacingRow">(0028,0030) first value, mm.</param>
/// <param name="PixelSpacingColumn">(0028,0030) second value, mm.</param>
/// <param name="PhotometricInterpretation">(0028,0004).</param>
/// <param name="TransferSyntaxUid">(0002,0010).</param>
/// <param name="TransferSyntax">Its name.</param>
/// <param name="FileSize">Bytes.</param>
/// <param name="Label">1 pneumothorax, 0 none, null without a label row.</param>
/// <param name="MaskRows">Label rows with a mask.</param>
/// <param name="MaskArea">Pixels in the union mask, null when the labels could not be decoded.</param>
/// <param name="PatientKey">Hash of (0010,0020), 12 hex digits.</param>
/// <param name="Flags">Data-quality flags set by cleaning, separated by <c>;</c>.</param>
public sealed record ImageMetadata(
    string ImageId, string Path, string? PatientAgeRaw, double? PatientAge, string? PatientSex, string? ViewPosition,
    string? Modality, string? BodyPartExamined, int? Rows, int? Columns, double? PixelSpacingRow, double? PixelSpacingColumn,
    string? PhotometricInterpretation, string TransferSyntaxUid, string TransferSyntax, long FileSize, int? Label,
    int MaskRows, long? MaskArea, string PatientKey, string Flags = "")
{
    /// <summary>Column names, in order, of the CSV form.</summary>
    public static readonly string[] ColumnNames =
    [
        "ImageId", "Path", "PatientAgeRaw", "PatientAge", "PatientSex", "ViewPosition", "Modality", "BodyPartExamined",
        "Rows", "Columns", "PixelSpacingRow", "PixelSpacingColumn", "PhotometricInterpretation", "TransferSyntaxUid",
        "TransferSyntax", "FileSize", "Label", "MaskRows", "MaskArea", "PatientKey", "Flags",
    ];

    /// <summary>The values in <see cref="ColumnNames"/> order.</summary>
    public object?[] Values() =>
    [
        ImageId, Path, PatientAgeRaw, PatientAge, PatientSex, ViewPosition, Modality, BodyPartExamined, Rows, Columns,
        PixelSpacingRow, PixelSpacingColumn, PhotometricInterpretation, TransferSyntaxUid, TransferSyntax, FileSize,
        Label, MaskRows, MaskArea, PatientKey, Flags,
    ];
}

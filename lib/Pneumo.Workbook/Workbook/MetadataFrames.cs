using Pneumo.Metrics;
using Microsoft.Data.Analysis;

namespace Pneumo.Data;

/// <summary>The metadata table for the notebooks: a Microsoft.Data.Analysis DataFrame.</summary>
public static class MetadataFrames
{
    /// <summary>
    /// The table as a DataFrame, the columns a reader wants first: a short image id (the UID's last two components),
    /// age, sex, view, label, regions (mask rows) and mask area; then the header fields; the full ImageId and the file
    /// path last. Missing values are nulls — use <see cref="MetadataSummaries"/> for statistics, which
    /// leave them out (the DataFrame's <c>Mean()</c> counts them).
    /// </summary>
    public static DataFrame ToDataFrame(this MetadataTable table)
    {
        var r = table.Rows;
        return new DataFrame(
            new StringDataFrameColumn("Image", r.Select(x => ShortId(x.ImageId))),
            new DoubleDataFrameColumn("PatientAge", r.Select(x => x.PatientAge)),
            new StringDataFrameColumn("PatientSex", r.Select(x => x.PatientSex)),
            new StringDataFrameColumn("ViewPosition", r.Select(x => x.ViewPosition)),
            new Int32DataFrameColumn("Label", r.Select(x => x.Label)),
            new Int32DataFrameColumn("Regions", r.Select(x => (int?)x.MaskRows)),
            new Int64DataFrameColumn("MaskArea", r.Select(x => x.MaskArea)),
            new StringDataFrameColumn("PatientAgeRaw", r.Select(x => x.PatientAgeRaw)),
            new StringDataFrameColumn("Modality", r.Select(x => x.Modality)),
            new StringDataFrameColumn("BodyPartExamined", r.Select(x => x.BodyPartExamined)),
            new Int32DataFrameColumn("Rows", r.Select(x => x.Rows)),
            new Int32DataFrameColumn("Columns", r.Select(x => x.Columns)),
            new DoubleDataFrameColumn("PixelSpacingRow", r.Select(x => x.PixelSpacingRow)),
            new DoubleDataFrameColumn("PixelSpacingColumn", r.Select(x => x.PixelSpacingColumn)),
            new StringDataFrameColumn("PhotometricInterpretation", r.Select(x => x.PhotometricInterpretation)),
            new StringDataFrameColumn("TransferSyntax", r.Select(x => x.TransferSyntax)),
            new Int64DataFrameColumn("FileSize", r.Select(x => (long?)x.FileSize)),
            new StringDataFrameColumn("PatientKey", r.Select(x => x.PatientKey)),
            new StringDataFrameColumn("Flags", r.Select(x => x.Flags)),
            new StringDataFrameColumn("ImageId", r.Select(x => x.ImageId)),
            new StringDataFrameColumn("Path", r.Select(x => x.Path)));
    }

    /// <summary>The last two components of a UID (enough to tell a sample's images apart), after an ellipsis.</summary>
    public static string ShortId(string uid)
    {
        var parts = uid.Split('.');
        return parts.Length <= 2 ? uid : "…" + string.Join('.', parts[^2..]);
    }
}

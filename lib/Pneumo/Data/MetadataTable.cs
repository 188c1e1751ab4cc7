using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Pneumo.Dicom;
using Pneumo.Masks;
using Pneumo.Tables;

namespace Pneumo.Data;

/// <summary>A file the metadata scan could not read, with the reader's reason.</summary>
/// <param name="ImageId">From the file name.</param>
/// <param name="Path">Relative to the dataset root.</param>
/// <param name="Reason">The reader's message (file, offset, tag).</param>
public sealed record UnreadableFile(string ImageId, string Path, string Reason);

/// <summary>
/// One row per readable DICOM (header-only reads, parallel over cores) with its labels; the files that could not be
/// read are listed apart. Written to and read from CSV (Pneumo.Workbook converts it to a DataFrame for the notebooks).
/// </summary>
public sealed class MetadataTable
{
    /// <summary>Wraps rows (e.g. read back from CSV).</summary>
    public MetadataTable(IReadOnlyList<ImageMetadata> rows, IReadOnlyList<UnreadableFile>? unreadable = null)
    {
        Rows = rows;
        Unreadable = unreadable ?? [];
    }

    /// <summary>Readable files, in path order.</summary>
    public IReadOnlyList<ImageMetadata> Rows { get; }
    /// <summary>Files whose header could not be read.</summary>
    public IReadOnlyList<UnreadableFile> Unreadable { get; }

    /// <summary>Reads every DICOM header of <paramref name="dataset"/> and joins the labels.</summary>
    public static MetadataTable Scan(SiimDataset dataset, LabelFile? labels, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var files = dataset.DicomFiles;
        var rows = new ImageMetadata?[files.Count];
        var unreadable = new ConcurrentBag<UnreadableFile>();
        int done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var path = files[i];
            var id = SiimDataset.ImageIdOf(path);
            try
            {
                rows[i] = Read(dataset, path, id, labels);
            }
            catch (DicomException ex)
            {
                unreadable.Add(new UnreadableFile(id, dataset.Relative(path), ex.Message));
            }
            int n = Interlocked.Increment(ref done);
            if (n % 16 == 0 || n == files.Count) progress?.Report(new WorkProgress("reading DICOM headers", n, files.Count));
        });
        return new MetadataTable(rows.Where(r => r is not null).ToList()!, unreadable.OrderBy(u => u.Path, StringComparer.Ordinal).ToList());
    }

    private static ImageMetadata Read(SiimDataset dataset, string path, string id, LabelFile? labels)
    {
        var file = DicomFile.OpenHeader(path);
        var ds = file.Dataset;
        var ageRaw = ds.GetString(DicomTags.PatientAge);
        double? age = DicomAge.TryParse(ageRaw, out var parsed) ? parsed!.Years : null;
        var spacing = ds.GetDoubles(DicomTags.PixelSpacing);
        int? rows = ds.GetInt32(DicomTags.Rows), columns = ds.GetInt32(DicomTags.Columns);
        int? label = labels?.LabelOf(id);
        int maskRows = 0;
        long? area = 0;
        if (labels is not null && label == 1)
        {
            maskRows = labels.RowsOf(id).Count(r => r.IsPositive);
            try { area = RunLengthMask.Union(labels.RegionsOf(id, columns ?? 1024, rows ?? 1024)).UnionArea; }
            catch (LabelFileException) { area = null; }
        }
        return new ImageMetadata(
            id, dataset.Relative(path), Empty(ageRaw), age, Empty(ds.GetString(DicomTags.PatientSex)), Empty(ds.GetString(DicomTags.ViewPosition)),
            Empty(ds.GetString(DicomTags.Modality)), Empty(ds.GetString(DicomTags.BodyPartExamined)), rows, columns,
            spacing.Count > 0 ? spacing[0] : null, spacing.Count > 1 ? spacing[1] : null,
            Empty(ds.GetString(DicomTags.PhotometricInterpretation)), file.TransferSyntax.Uid, file.TransferSyntax.Name,
            new FileInfo(path).Length, label, maskRows, area, PatientKeyOf(ds.GetString(DicomTags.PatientID), id));
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>
    /// One-way key of a patient ID (SHA-256, 12 hex digits) so that folds can group a patient's images without the ID
    /// appearing anywhere. Images without a PatientID get a key of their own.
    /// </summary>
    public static string PatientKeyOf(string? patientId, string imageId)
    {
        var source = string.IsNullOrEmpty(patientId) ? "image:" + imageId : "patient:" + patientId;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..12].ToLowerInvariant();
    }

    /// <summary>Writes the table as CSV (invariant culture, one row per image).</summary>
    public void WriteCsv(string path) => Csv.Write(path, ImageMetadata.ColumnNames, Rows.Select(r => r.Values()));

    /// <summary>Reads a table written by <see cref="WriteCsv"/>.</summary>
    public static MetadataTable ReadCsv(string path)
    {
        var (header, rows) = Csv.Read(path);
        var c = new Csv.Columns(path, header);
        return new MetadataTable(rows.Select(r => new ImageMetadata(
            c.Get(r, "ImageId"), c.Get(r, "Path"), c.Text(r, "PatientAgeRaw"), c.Double(r, "PatientAge"), c.Text(r, "PatientSex"),
            c.Text(r, "ViewPosition"), c.Text(r, "Modality"), c.Text(r, "BodyPartExamined"), c.Int(r, "Rows"), c.Int(r, "Columns"),
            c.Double(r, "PixelSpacingRow"), c.Double(r, "PixelSpacingColumn"), c.Text(r, "PhotometricInterpretation"),
            c.Get(r, "TransferSyntaxUid"), c.Get(r, "TransferSyntax"), (long)(c.Double(r, "FileSize") ?? 0), c.Int(r, "Label"),
            c.Int(r, "MaskRows") ?? 0, c.Double(r, "MaskArea") is { } a ? (long)a : null, c.Get(r, "PatientKey"), c.Get(r, "Flags"))).ToList());
    }
}

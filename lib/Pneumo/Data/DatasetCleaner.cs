using System.Collections.Concurrent;
using System.Text.Json;
using Pneumo.Dicom;
using Pneumo.Tables;
using Pneumo.IO;

namespace Pneumo.Data;

/// <summary>
/// Cleans a SIIM dataset with a report. Excluded: unreadable or truncated files (full read, pixels decoded),
/// DICOMs without a label row, label rows without a DICOM, duplicate ImageIds (the first path is kept), labels that
/// cannot be decoded. Kept but flagged: implausible ages (> 120, set missing), unknown sex or view values, unexpected
/// sizes, MONOCHROME1 images (inverted by the presentation pipeline), images mixing <c>-1</c> and mask rows.
/// Nothing is dropped silently: every input is kept or listed, and inputs = kept + excluded.
/// </summary>
public static class DatasetCleaner
{
    /// <summary>Action of a finding that removed the image.</summary>
    public const string Excluded = "excluded";
    /// <summary>Action of a finding that kept the image.</summary>
    public const string Kept = "kept";
    /// <summary>Oldest credible age, years.</summary>
    public const double MaxPlausibleAge = 120;

    /// <summary>Cleans. <paramref name="verifyPixels"/> decodes every kept image so that training never meets a broken file.</summary>
    public static CleaningResult Clean(SiimDataset dataset, LabelFile labels, MetadataTable metadata, bool verifyPixels = true,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default) =>
        Clean(dataset, labels, metadata, verifyPixels ? candidates => DecodeAll(dataset, candidates, progress, cancel) : null);

    /// <summary>
    /// Cleans with <paramref name="pixelCheck"/> deciding which readable files decode (path → reason for those that do
    /// not): the study passes the refined cache's fill, so the decode that checks the pixels is the one that caches them.
    /// Null skips the check.
    /// </summary>
    public static CleaningResult Clean(SiimDataset dataset, LabelFile labels, MetadataTable metadata, Func<IReadOnlyList<ImageMetadata>, IReadOnlyDictionary<string, string>>? pixelCheck)
    {
        var issues = new List<CleaningIssue>();
        var excluded = new HashSet<string>(StringComparer.Ordinal); // by path, or "label:" + id for label-only inputs

        void Exclude(string id, string? path, string issue, string detail)
        {
            issues.Add(new CleaningIssue(id, path, issue, Excluded, detail));
            excluded.Add(path ?? "label:" + id);
        }

        foreach (var u in metadata.Unreadable) Exclude(u.ImageId, u.Path, "unreadable-file", u.Reason);

        // Full reads: truncated pixel data and corrupt JPEG streams only show when the whole file is read.
        var candidates = metadata.Rows.ToList();
        if (pixelCheck is not null)
        {
            var broken = pixelCheck(candidates);
            foreach (var row in candidates.Where(r => broken.ContainsKey(r.Path)).OrderBy(r => r.Path, StringComparer.Ordinal))
                Exclude(row.ImageId, row.Path, "unreadable-file", broken[row.Path]);
            candidates = candidates.Where(r => !broken.ContainsKey(r.Path)).ToList();
        }

        // Duplicate ImageIds: keep the first path, exclude the others.
        foreach (var group in candidates.GroupBy(r => r.ImageId).Where(g => g.Count() > 1))
        {
            var paths = group.OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
            foreach (var extra in paths.Skip(1))
                Exclude(extra.ImageId, extra.Path, "duplicate-image-id", $"same ImageId as {paths[0].Path} (kept)");
        }
        candidates = candidates.Where(r => !excluded.Contains(r.Path)).ToList();

        // Labels: rows without a DICOM, DICOMs without a row, undecodable masks.
        var withFile = new HashSet<string>(dataset.DicomFiles.Select(SiimDataset.ImageIdOf), StringComparer.Ordinal);
        foreach (var id in labels.ImageIds.Where(id => !withFile.Contains(id)))
            Exclude(id, null, "label-without-dicom", $"{labels.RowsOf(id).Count} row(s) in {Path.GetFileName(labels.Path)} (line {labels.RowsOf(id)[0].Line}) but no {id}.dcm");

        var modalSize = candidates.GroupBy(r => (r.Rows, r.Columns)).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        var clean = new List<ImageMetadata>();
        foreach (var row in candidates)
        {
            if (row.Label is null)
            {
                Exclude(row.ImageId, row.Path, "dicom-without-label", $"no row for this ImageId in {Path.GetFileName(labels.Path)}");
                continue;
            }
            if (row.Label == 1 && row.MaskArea is null)
            {
                string detail;
                try { labels.RegionsOf(row.ImageId, row.Columns ?? 1024, row.Rows ?? 1024); detail = "mask could not be decoded"; }
                catch (LabelFileException ex) { detail = ex.Message; }
                Exclude(row.ImageId, row.Path, "malformed-mask", detail);
                continue;
            }
            var flags = new List<string>();
            var fixedRow = row;
            void Flag(string issue, string detail)
            {
                flags.Add(issue);
                issues.Add(new CleaningIssue(row.ImageId, row.Path, issue, Kept, detail));
            }
            if (row.PatientAge is > MaxPlausibleAge)
            {
                Flag("implausible-age", $"PatientAge '{row.PatientAgeRaw}' is over {MaxPlausibleAge} years: set to missing");
                fixedRow = fixedRow with { PatientAge = null };
            }
            else if (row.PatientAge is null) Flag("missing-age", $"PatientAge '{row.PatientAgeRaw}' is absent or not a number");
            if (row.PatientSex is not ("M" or "F")) Flag("unknown-sex", $"PatientSex '{row.PatientSex}' is not M or F");
            if (row.ViewPosition is not ("PA" or "AP")) Flag("unknown-view", $"ViewPosition '{row.ViewPosition}' is not PA or AP");
            if ((row.Rows, row.Columns) != modalSize)
                Flag("unexpected-size", $"{row.Columns}x{row.Rows}, most images are {modalSize.Columns}x{modalSize.Rows}: resized in preprocessing");
            if (row.PhotometricInterpretation == "MONOCHROME1")
                Flag("monochrome1", "MONOCHROME1 (white = low values): inverted by the presentation pipeline");
            var rows = labels.RowsOf(row.ImageId);
            if (rows.Any(r => r.IsPositive) && rows.Any(r => !r.IsPositive))
                Flag("mixed-label-rows", $"both -1 and mask rows (lines {string.Join(", ", rows.Select(r => r.Line))}): labelled positive");
            clean.Add(fixedRow with { Flags = string.Join(';', flags) });
        }

        int inputs = dataset.DicomFiles.Count + labels.ImageIds.Count(id => !withFile.Contains(id));
        var ordered = issues.OrderBy(i => i.Action == Excluded ? 0 : 1).ThenBy(i => i.Issue, StringComparer.Ordinal).ThenBy(i => i.ImageId, StringComparer.Ordinal).ToList();
        return new CleaningResult(new MetadataTable(clean.OrderBy(r => r.Path, StringComparer.Ordinal).ToList()), ordered, inputs, excluded.Count);
    }

    private static IReadOnlyDictionary<string, string> DecodeAll(SiimDataset dataset, IReadOnlyList<ImageMetadata> candidates, IProgress<WorkProgress>? progress, CancellationToken cancel)
    {
        var broken = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        int done = 0;
        Parallel.ForEach(candidates, new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount }, row =>
        {
            try { PixelData.Decode(DicomFile.Open(dataset.Absolute(row.Path))); }
            catch (DicomException ex) { broken[row.Path] = ex.Message; }
            int n = Interlocked.Increment(ref done);
            if (n % 16 == 0 || n == candidates.Count) progress?.Report(new WorkProgress("decoding images", n, candidates.Count));
        });
        return broken;
    }

    /// <summary>
    /// Writes <c>clean.csv</c>, <c>cleaning-report.csv</c> and <c>cleaning-summary.json</c> into <paramref name="folder"/>.
    /// </summary>
    public static void Write(CleaningResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        result.Clean.WriteCsv(Path.Combine(folder, "clean.csv"));
        Csv.Write(Path.Combine(folder, "cleaning-report.csv"), ["ImageId", "Path", "Issue", "Action", "Detail"],
            result.Issues.Select(i => new object?[] { i.ImageId, i.Path, i.Issue, i.Action, i.Detail }));
        var summary = new
        {
            inputs = result.Inputs,
            kept = result.Kept,
            excluded = result.ExcludedCount,
            countsAddUp = result.CountsAddUp,
            issues = result.Issues.GroupBy(i => (i.Issue, i.Action)).OrderBy(g => g.Key.Issue, StringComparer.Ordinal)
                .Select(g => new { issue = g.Key.Issue, action = g.Key.Action, count = g.Count() }),
        };
        AtomicFile.WriteAllText(Path.Combine(folder, "cleaning-summary.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
    }
}

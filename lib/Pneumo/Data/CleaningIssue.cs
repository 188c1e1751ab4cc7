namespace Pneumo.Data;

/// <summary>One finding of the cleaning step.</summary>
/// <param name="ImageId">The image concerned.</param>
/// <param name="Path">Its file relative to the root, or null for a label row without a file.</param>
/// <param name="Issue">Kind, e.g. <c>unreadable-file</c>, <c>implausible-age</c> (see <see cref="DatasetCleaner"/>).</param>
/// <param name="Action"><c>excluded</c> or <c>kept</c>.</param>
/// <param name="Detail">What exactly was found.</param>
public sealed record CleaningIssue(string ImageId, string? Path, string Issue, string Action, string Detail)
{
    /// <summary>The image was left out of the clean table.</summary>
    public bool Excluded => Action == DatasetCleaner.Excluded;
}

/// <summary>The cleaning outcome: the clean table, every finding, and the counts that must add up.</summary>
/// <param name="Clean">Kept images with corrected values and flags.</param>
/// <param name="Issues">Every finding, excluded or kept, in a stable order.</param>
/// <param name="Inputs">DICOM files found plus label-only image IDs.</param>
/// <param name="ExcludedCount">Inputs left out (each counted once, whatever its number of issues).</param>
public sealed record CleaningResult(MetadataTable Clean, IReadOnlyList<CleaningIssue> Issues, int Inputs, int ExcludedCount)
{
    /// <summary>Kept images.</summary>
    public int Kept => Clean.Rows.Count;

    /// <summary>Inputs = kept + excluded.</summary>
    public bool CountsAddUp => Inputs == Kept + ExcludedCount;
}

namespace Pneumo.Data;

/// <summary>The whole cleaning step from a dataset root: discover, read the labels, scan the headers, clean.</summary>
public static class Cleaning
{
    /// <summary>Runs discovery, metadata scan and cleaning on <paramref name="root"/>.</summary>
    public static CleaningResult Run(string root, bool verifyPixels = true, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var dataset = SiimDataset.Open(root);
        var labels = dataset.ReadLabels();
        var metadata = MetadataTable.Scan(dataset, labels, progress, cancel);
        return DatasetCleaner.Clean(dataset, labels, metadata, verifyPixels, progress, cancel);
    }
}

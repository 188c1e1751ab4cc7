namespace Pneumo.Training;

/// <summary>A prepared batch in plain arrays (the trainer turns it into tensors inside its dispose scope).</summary>
/// <param name="Samples">The samples, in batch order.</param>
/// <param name="Pixels">N × size × size values in [0, 1].</param>
/// <param name="Metadata">N × 4.</param>
/// <param name="Labels">N labels.</param>
/// <param name="Masks">N × size × size union masks (0/1) when asked for, else null.</param>
public sealed record PreparedBatch(IReadOnlyList<TrainingSample> Samples, float[] Pixels, float[] Metadata, float[] Labels, float[]? Masks = null);

/// <summary>
/// Yields batches read from the memory-mapped cache, preparing the next batch on the thread pool while the current one
/// trains, so the cores stay busy. The order is whatever the caller passes (seeded shuffles are the caller's).
/// </summary>
public static class BatchSource
{
    /// <summary>Batches of <paramref name="batchSize"/> (the last may be smaller; dropped when <paramref name="dropLast"/> and smaller than 2).</summary>
    public static IEnumerable<PreparedBatch> Batches(Data.RefinedCache cache, IReadOnlyList<TrainingSample> samples, int batchSize, bool dropLast, bool masks = false)
    {
        var chunks = samples.Chunk(batchSize).Where(c => !dropLast || c.Length >= 2).ToList();
        Task<PreparedBatch>? next = chunks.Count > 0 ? Task.Run(() => Prepare(cache, chunks[0], masks)) : null;
        for (int i = 0; i < chunks.Count; i++)
        {
            var current = next!.GetAwaiter().GetResult();
            int following = i + 1;
            next = following < chunks.Count ? Task.Run(() => Prepare(cache, chunks[following], masks)) : null;
            yield return current;
        }
    }

    /// <summary>Reads and scales one batch (with its masks when <paramref name="masks"/>; a negative image's mask is all zero and not read).</summary>
    public static PreparedBatch Prepare(Data.RefinedCache cache, IReadOnlyList<TrainingSample> samples, bool masks = false)
    {
        int pixels = cache.Size * cache.Size;
        var images = new float[samples.Count * pixels];
        var metadata = new float[samples.Count * MetadataEncoding.Width];
        var labels = new float[samples.Count];
        var maskValues = masks ? new float[samples.Count * pixels] : null;
        Parallel.For(0, samples.Count, i =>
        {
            var buffer = new byte[pixels];
            cache.ReadImage(samples[i].Entry, buffer);
            var target = images.AsSpan(i * pixels, pixels);
            for (int p = 0; p < pixels; p++) target[p] = buffer[p] * (1f / 255f);
            samples[i].Metadata.CopyTo(metadata, i * MetadataEncoding.Width);
            labels[i] = samples[i].Label;
            if (maskValues is not null && samples[i].Label == 1)
            {
                cache.ReadMask(samples[i].Entry, buffer);
                var m = maskValues.AsSpan(i * pixels, pixels);
                for (int p = 0; p < pixels; p++) m[p] = buffer[p];
            }
        });
        return new PreparedBatch(samples, images, metadata, labels, maskValues);
    }
}

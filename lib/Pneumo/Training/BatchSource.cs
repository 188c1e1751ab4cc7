namespace Pneumo.Training;

/// <summary>A prepared batch in plain arrays (the trainer turns it into tensors inside its dispose scope).</summary>
/// <param name="Samples">The samples, in batch order.</param>
/// <param name="Pixels">N × size × size values in [0, 1].</param>
/// <param name="Metadata">N × 4.</param>
/// <param name="Labels">N labels.</param>
/// <param name="Masks">N × size × size union masks (0/1) when asked for, else null.</param>
public sealed record PreparedBatch(IReadOnlyList<TrainingSample> Samples, byte[] Pixels, float[] Metadata, float[] Labels, byte[]? Masks = null);

/// <summary>
/// Yields batches read from the memory-mapped cache, each prepared on the calling thread when it is asked for. Not prefetched on another thread while the previous batch trains: a thread that allocates while
/// LibTorch runs can trigger the collection that frees a TorchSharp scalar still in use (see
/// <see cref="Compute.StableScalars"/>). Preparing 16 images takes a few milliseconds against a step of about
/// 150 ms. The order is whatever the caller passes (seeded shuffles are the caller's).
/// </summary>
public static class BatchSource
{
    /// <summary>Batches of <paramref name="batchSize"/> (the last may be smaller; dropped when <paramref name="dropLast"/> and smaller than 2).</summary>
    public static IEnumerable<PreparedBatch> Batches(Data.RefinedCache cache, IReadOnlyList<TrainingSample> samples, int batchSize, bool dropLast, bool masks = false)
    {
        foreach (var chunk in samples.Chunk(batchSize))
            if (!dropLast || chunk.Length >= 2) yield return Prepare(cache, chunk, masks);
    }

    /// <summary>
    /// Reads one batch as the cache stores it, 8-bit (with its masks when <paramref name="masks"/>; a negative image's
    /// mask is all zero and not read): batches travel to the device as uint8, a quarter of float32's bytes, and are
    /// converted there.
    /// </summary>
    public static PreparedBatch Prepare(Data.RefinedCache cache, IReadOnlyList<TrainingSample> samples, bool masks = false)
    {
        int pixels = cache.Size * cache.Size;
        var images = new byte[samples.Count * pixels];
        var metadata = new float[samples.Count * MetadataEncoding.Width];
        var labels = new float[samples.Count];
        var maskValues = masks ? new byte[samples.Count * pixels] : null;
        for (int i = 0; i < samples.Count; i++) // on the calling thread: no other thread allocates while LibTorch runs
        {
            cache.ReadImage(samples[i].Entry, images.AsSpan(i * pixels, pixels));
            samples[i].Metadata.CopyTo(metadata, i * MetadataEncoding.Width);
            labels[i] = samples[i].Label;
            if (maskValues is not null && samples[i].Label == 1) cache.ReadMask(samples[i].Entry, maskValues.AsSpan(i * pixels, pixels));
        }
        return new PreparedBatch(samples, images, metadata, labels, maskValues);
    }
}

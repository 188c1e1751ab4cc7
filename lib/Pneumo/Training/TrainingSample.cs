namespace Pneumo.Training;

/// <summary>One image the trainer sees: its cache entry, label and encoded metadata.</summary>
/// <param name="ImageId">The image.</param>
/// <param name="Entry">Where its pixels are in the refined cache.</param>
/// <param name="Label">0 or 1.</param>
/// <param name="Metadata">See <see cref="MetadataEncoding"/>.</param>
public sealed record TrainingSample(string ImageId, Data.RefinedEntry Entry, int Label, float[] Metadata);

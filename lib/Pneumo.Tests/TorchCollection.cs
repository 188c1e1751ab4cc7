namespace Pneumo.Tests;

/// <summary>
/// Tests that count native tensors (Tensor.TotalCount is process-wide) or train models run one at a time, never
/// beside each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch (not parallel)";
}

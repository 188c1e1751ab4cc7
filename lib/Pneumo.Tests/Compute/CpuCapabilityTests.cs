using Pneumo.Compute;

namespace Pneumo.Tests.Compute;

/// <summary>
/// The processor and ATen's capability a run records. In the test command's second pass (instruction sets held down by
/// the environment) this also shows that the cap reached LibTorch: the capability it reports is the forced one.
/// </summary>
[Collection(TorchCollection.Name)]
public class CpuCapabilityTests
{
    [Fact, Trait("Category", "Convergence")]
    public void Current_IsWhatLibTorchReports_AndFollowsTheOverride()
    {
        var cpu = CpuCapability.Current;
        Assert.DoesNotContain("unknown", cpu.Model, StringComparison.Ordinal);
        Assert.Matches(@"family \d+, model \d+", cpu.Model); // "AMD EPYC" alone does not say which generation
        // LibTorch is asked on Linux x64 (not derived), and answers what ATen's rule gives for this processor and override
        Assert.Equal(CpuCapability.DerivedAten(), cpu.Aten);
        var forced = Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY");
        if (!string.IsNullOrWhiteSpace(forced))
        {
            Assert.Equal(forced.Trim().ToUpperInvariant(), cpu.Aten);
            Assert.Contains($"ATEN_CPU_CAPABILITY={forced}", cpu.Overrides, StringComparison.Ordinal);
        }
        else Assert.DoesNotContain("ATEN_CPU_CAPABILITY", cpu.Overrides, StringComparison.Ordinal);
        Assert.Contains($"ATen capability {cpu.Aten}", TorchDevice.Describe(TorchDevice.Select("cpu")), StringComparison.Ordinal);
    }
}

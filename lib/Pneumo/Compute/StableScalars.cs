using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Compute;

/// <summary>
/// Tensor arithmetic without short-lived <see cref="Scalar"/>s. TorchSharp 0.107 creates a <see cref="Scalar"/> for
/// every operator with a number (and for the alpha of <c>a + b</c>) and leaves it to the garbage collector; when
/// another thread triggers a collection while LibTorch is still reading that scalar, its finalizer frees it and the
/// operation reads garbage ("Unknown scalar type", "alpha must not be a floating point number", or heap corruption and
/// an abort later). Reproduced here in a loop of <c>a + b</c> beside a thread that allocates (it failed within 100,000
/// additions); TorchSharp's fix (dotnet/TorchSharp#1434, disposing those scalars at once) is not released. The
/// training path therefore uses these scalars, which live for the whole process, or its own disposed ones, and
/// prepares batches without allocating on other threads while the network runs.
/// </summary>
public static class StableScalars
{
    /// <summary>1.</summary>
    public static readonly Scalar One = 1.ToScalar();
    /// <summary>0.</summary>
    public static readonly Scalar Zero = 0.ToScalar();
    /// <summary>0.5.</summary>
    public static readonly Scalar Half = 0.5f.ToScalar();
    /// <summary>0.25.</summary>
    public static readonly Scalar Quarter = 0.25f.ToScalar();
    /// <summary>1/255: uint8 pixels to [0, 1] (the float the CPU path multiplied by).</summary>
    public static readonly Scalar Inverse255 = (1f / 255f).ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><paramref name="a"/> − <paramref name="b"/>.</summary>
    public static Tensor Minus(this Tensor a, Tensor b) => a.sub(b); // no scalar: TorchSharp passes no alpha here

    /// <summary><paramref name="a"/> clamped to [0, 1].</summary>
    public static Tensor ClampUnit(this Tensor a) => a.clamp(Zero, One);
}

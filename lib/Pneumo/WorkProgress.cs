namespace Pneumo;

/// <summary>Progress of a long operation, reported through <see cref="IProgress{T}"/> to a CLI bar or a notebook.</summary>
/// <param name="Stage">What is being done.</param>
/// <param name="Done">Items finished.</param>
/// <param name="Total">Items in all.</param>
public sealed record WorkProgress(string Stage, int Done, int Total)
{
    /// <summary>Fraction finished, 0..1.</summary>
    public double Fraction => Total <= 0 ? 1 : (double)Done / Total;
}

namespace Pneumo.Training;

/// <summary>
/// The one-cycle learning-rate schedule: a cosine rise from peak/25 to the peak over the warm-up steps, then a cosine
/// decay to 0 over the remaining steps.
/// </summary>
/// <param name="Peak">The peak learning rate.</param>
/// <param name="TotalSteps">Steps in the whole training.</param>
/// <param name="WarmupSteps">Steps of the warm-up.</param>
public sealed record OneCycleSchedule(double Peak, int TotalSteps, int WarmupSteps)
{
    /// <summary>The learning rate at <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        double start = Peak / 25;
        if (step < WarmupSteps) return start + (Peak - start) * 0.5 * (1 - Math.Cos(Math.PI * step / WarmupSteps));
        double t = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return Peak * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, t)));
    }
}

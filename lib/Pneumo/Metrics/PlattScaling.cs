namespace Pneumo.Metrics;

/// <summary>
/// Platt scaling: calibrated probability = sigmoid(<see cref="Scale"/> · logit + <see cref="Bias"/>), fitted on a
/// held-out split by maximum a posteriori: the likelihood of its labels times a Gaussian prior (precision
/// <c>priorStrength</c>, 1 by default) centred on scale 1 and on bias log(N₊/N₋), the prior-shift correction
/// (Saerens et al. 2002) for a model trained at even odds — balanced epochs, or a loss that weighs positives by
/// N₋/N₊. The prior keeps the fit finite on a split the model separates perfectly, where maximum likelihood diverges.
/// (Platt's own smoothed targets, (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2), did that too, but with the 13 positives of an
/// inner-validation split they cap a confident positive at 0.93 and raised the out-of-fold ECE from 0.035 to 0.059.)
/// Temperature scaling is the special case <see cref="Bias"/> = 0 with <see cref="Temperature"/> = 1/<see cref="Scale"/>.
/// </summary>
/// <param name="Scale">Multiplies the logit (1/temperature).</param>
/// <param name="Bias">Added after scaling.</param>
public sealed record PlattScaling(double Scale, double Bias)
{
    /// <summary>No change.</summary>
    public static PlattScaling Identity { get; } = new(1, 0);

    /// <summary>The temperature the logits are divided by.</summary>
    public double Temperature => 1 / Scale;

    /// <summary>The calibrated probability of <paramref name="logit"/>.</summary>
    public double Apply(double logit) => Sigmoid(Scale * logit + Bias);

    /// <summary>Fits on held-out logits and labels (Newton's method on the two parameters).</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a class is missing.</exception>
    public static PlattScaling Fit(IReadOnlyList<double> logits, IReadOnlyList<int> labels, double priorStrength = 1)
    {
        if (logits.Count != labels.Count) throw new ArgumentException($"{logits.Count} logits but {labels.Count} labels");
        int positives = labels.Count(l => l == 1), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException($"calibration needs both classes ({positives} positive, {negatives} negative)");
        var target = labels.Select(l => l == 1 ? 1.0 : 0.0).ToArray();
        var prior = new Prior(priorStrength, Math.Log((double)positives / negatives));
        double a = 1, b = prior.Bias, previous = double.PositiveInfinity;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double gA = 0, gB = 0, hAA = 1e-12, hAB = 0, hBB = 1e-12, loss = 0;
            for (int i = 0; i < logits.Count; i++)
            {
                double z = a * logits[i] + b, p = Sigmoid(z), w = p * (1 - p), d = p - target[i];
                gA += d * logits[i];
                gB += d;
                hAA += w * logits[i] * logits[i];
                hAB += w * logits[i];
                hBB += w;
                loss += Softplus(z) - target[i] * z;
            }
            gA += prior.Strength * (a - 1);
            gB += prior.Strength * (b - prior.Bias);
            hAA += prior.Strength;
            hBB += prior.Strength;
            loss += prior.Penalty(a, b);
            double det = hAA * hBB - hAB * hAB;
            double stepA = (hBB * gA - hAB * gB) / det, stepB = (hAA * gB - hAB * gA) / det;
            // halve the step until the loss falls (Newton can overshoot on nearly separable data)
            double t = 1;
            for (int k = 0; k < 30; k++, t /= 2)
                if (Loss(logits, target, a - t * stepA, b - t * stepB) + prior.Penalty(a - t * stepA, b - t * stepB) <= loss) break;
            a -= t * stepA;
            b -= t * stepB;
            if (Math.Abs(previous - loss) < 1e-10 * Math.Max(1, Math.Abs(loss))) break;
            previous = loss;
        }
        return new PlattScaling(a, b);
    }

    /// <summary>The Gaussian prior: precision <paramref name="Strength"/>, centred on scale 1 and on <paramref name="Bias"/>.</summary>
    private readonly record struct Prior(double Strength, double Bias)
    {
        public double Penalty(double a, double b) => 0.5 * Strength * ((a - 1) * (a - 1) + (b - Bias) * (b - Bias));
    }

    private static double Loss(IReadOnlyList<double> logits, double[] target, double a, double b)
    {
        double loss = 0;
        for (int i = 0; i < logits.Count; i++)
        {
            double z = a * logits[i] + b;
            loss += Softplus(z) - target[i] * z;
        }
        return loss;
    }

    /// <summary>The logistic function.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double Softplus(double z) => z > 30 ? z : z < -30 ? Math.Exp(z) : Math.Log(1 + Math.Exp(z));
}

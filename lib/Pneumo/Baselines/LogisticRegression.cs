namespace Pneumo.Baselines;

/// <summary>
/// L2-regularised logistic regression (scikit-learn's default objective: Σ log-loss + ½·‖w‖²/C, intercept not
/// penalised), on features standardised with the training set's mean and standard deviation. Fitted by Newton's method
/// in the dual: with w = Xᵀα, each step solves an n × n system, so 1,024 thumbnail pixels on a few hundred images
/// cost no more than four features would.
/// </summary>
public sealed class LogisticRegression
{
    private readonly double[][] _support;
    private readonly double[] _alpha;
    private readonly double _intercept;
    private readonly double[] _mean, _scale;

    private LogisticRegression(double[][] support, double[] alpha, double intercept, double[] mean, double[] scale)
    {
        _support = support;
        _alpha = alpha;
        _intercept = intercept;
        _mean = mean;
        _scale = scale;
    }

    /// <summary>Fits on <paramref name="features"/> (one row per case) and 0/1 <paramref name="labels"/>.</summary>
    /// <param name="features">Rows of equal length.</param>
    /// <param name="labels">0 or 1 per row.</param>
    /// <param name="c">Inverse regularisation strength (scikit-learn's C).</param>
    /// <exception cref="ArgumentException">No rows, ragged rows, lengths differ, or one class only.</exception>
    public static LogisticRegression Fit(IReadOnlyList<double[]> features, IReadOnlyList<int> labels, double c = 1)
    {
        int n = features.Count;
        if (n == 0 || n != labels.Count) throw new ArgumentException($"{n} rows and {labels.Count} labels");
        int d = features[0].Length;
        if (features.Any(r => r.Length != d)) throw new ArgumentException("rows of different lengths");
        if (labels.All(l => l == 1) || labels.All(l => l == 0)) throw new ArgumentException("logistic regression needs both classes");
        var mean = new double[d];
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            double m = 0;
            for (int i = 0; i < n; i++) m += features[i][j];
            m /= n;
            double v = 0;
            for (int i = 0; i < n; i++) v += (features[i][j] - m) * (features[i][j] - m);
            mean[j] = m;
            scale[j] = v > 1e-24 ? Math.Sqrt(v / n) : 1;
        }
        var x = features.Select(r => Standardise(r, mean, scale)).ToArray();
        // Gram matrix K = X Xᵀ; logits z = K α + b; objective Σ loss(z) + ½ αᵀ K α / C.
        var k = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                k[i, j] = k[j, i] = Dot(x[i], x[j]);
        var y = labels.Select(l => (double)l).ToArray();
        var alpha = new double[n];
        double b = 0, lambda = 1 / c;
        var z = new double[n];
        for (int iteration = 0; iteration < 50; iteration++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = b;
                for (int j = 0; j < n; j++) s += k[i, j] * alpha[j];
                z[i] = s;
            }
            var p = z.Select(Sigmoid).ToArray();
            var w = p.Select(v => Math.Max(v * (1 - v), 1e-10)).ToArray();
            // Newton system in (α, b): [W K + λ I, W 1; 1ᵀ W K, 1ᵀ W 1] [Δα; Δb] = [p − y + λ α; Σ (p − y)]
            var a = new double[n + 1, n + 1];
            var r = new double[n + 1];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++) a[i, j] = w[i] * k[i, j] + (i == j ? lambda : 0);
                a[i, n] = w[i];
                r[i] = p[i] - y[i] + lambda * alpha[i];
            }
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += w[i] * k[i, j];
                a[n, j] = s;
            }
            a[n, n] = w.Sum();
            r[n] = p.Zip(y, (pi, yi) => pi - yi).Sum();
            var step = Solve(a, r);
            double change = 0;
            for (int i = 0; i < n; i++) { alpha[i] -= step[i]; change = Math.Max(change, Math.Abs(step[i])); }
            b -= step[n];
            if (change < 1e-8 && Math.Abs(step[n]) < 1e-8) break;
        }
        return new LogisticRegression(x, alpha, b, mean, scale);
    }

    /// <summary>The decision value (logit) of one row.</summary>
    public double Logit(double[] row)
    {
        var x = Standardise(row, _mean, _scale);
        double s = _intercept;
        for (int i = 0; i < _support.Length; i++) s += _alpha[i] * Dot(_support[i], x);
        return s;
    }

    /// <summary>The probability of class 1 for one row.</summary>
    public double Probability(double[] row) => Sigmoid(Logit(row));

    /// <summary>The weights in standardised feature space (w = Xᵀα).</summary>
    public double[] Weights()
    {
        var w = new double[_mean.Length];
        for (int i = 0; i < _support.Length; i++)
            for (int j = 0; j < w.Length; j++) w[j] += _alpha[i] * _support[i][j];
        return w;
    }

    private static double[] Standardise(double[] row, double[] mean, double[] scale)
    {
        var x = new double[row.Length];
        for (int j = 0; j < row.Length; j++) x[j] = (row[j] - mean[j]) / scale[j];
        return x;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Sigmoid(double z) => Metrics.PlattScaling.Sigmoid(z);

    /// <summary>Gaussian elimination with partial pivoting (the system is small and well conditioned by the ridge).</summary>
    private static double[] Solve(double[,] a, double[] r)
    {
        int n = r.Length;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int i = col + 1; i < n; i++) if (Math.Abs(a[i, col]) > Math.Abs(a[pivot, col])) pivot = i;
            if (pivot != col)
            {
                for (int j = 0; j < n; j++) (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
                (r[col], r[pivot]) = (r[pivot], r[col]);
            }
            double diag = a[col, col];
            if (Math.Abs(diag) < 1e-300) continue;
            for (int i = col + 1; i < n; i++)
            {
                double f = a[i, col] / diag;
                if (f == 0) continue;
                for (int j = col; j < n; j++) a[i, j] -= f * a[col, j];
                r[i] -= f * r[col];
            }
        }
        var result = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = r[i];
            for (int j = i + 1; j < n; j++) s -= a[i, j] * result[j];
            result[i] = Math.Abs(a[i, i]) < 1e-300 ? 0 : s / a[i, i];
        }
        return result;
    }
}

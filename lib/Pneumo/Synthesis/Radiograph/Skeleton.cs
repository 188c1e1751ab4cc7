using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// Bone: posterior ribs (bands with a dense cortex at both edges and a lighter medulla) leaving the spine and sweeping
/// down laterally, fainter anterior ribs, S-shaped clavicles with cortex, the scapulae (their medial borders over the
/// upper lungs on AP films, outside them on PA films), and the thoracic spine with vertebral end plates and pedicles,
/// seen faintly through the mediastinum.
/// </summary>
internal static class Skeleton
{
    private const int Ribs = 12;

    public static void Draw(FilmCanvas film, Random rng)
    {
        var a = film.Anatomy;
        int n = film.N;
        double boneDensity = 0.6 + 0.25 * rng.NextDouble();
        var ribCenters = RibCenters(film);
        for (int r = 0; r < n; r++)
        {
            double v = film.At(r), axis = a.AxisAt(v), half = a.HalfWidthAt(v);
            double thoraxBottom = Smooth((a.BaseLeft + 0.03 - v) / 0.04) * Smooth((v - a.Apex + 0.1) / 0.04);
            double level = (v - a.Apex) / 0.036;
            double endplate = Bump(level - Math.Round(level), 0, 0.09);
            double pedicleRow = Bump(level - Math.Floor(level) - 0.35, 0, 0.12);
            bool nearClavicles = Math.Abs(v - a.ClavicleY) < 0.14;
            for (int c = 0; c < n; c++)
            {
                double u = film.At(c), d = Math.Abs(u - axis);
                double bone = 0;
                double thorax = Smooth((half - 0.03 - d) / 0.03) * thoraxBottom;
                if (thorax > 0.01) bone += thorax * Smooth((d - 0.03) / 0.01) * RibsAt(film, ribCenters, c, v, d);
                if (nearClavicles) bone += 0.12 * Clavicle(u, v, axis, a.ClavicleY, a.ClavicleSlope);
                bone += Scapula(a, u, v, d, half);
                double spine = Smooth((0.03 - d) / 0.006) * Smooth((v - a.Apex + 0.12) / 0.03);
                bone += spine * (0.02 + 0.01 * endplate) + 0.015 * pedicleRow * Bump(d, 0.021, 0.004) * Smooth((v - a.Apex + 0.12) / 0.03);
                film.Density[r * n + c] += (float)(boneDensity * bone);
            }
        }
    }

    /// <summary>Each rib's centre line per column: posterior (even) and anterior (odd) ribs.</summary>
    private static double[] RibCenters(FilmCanvas film)
    {
        var a = film.Anatomy;
        int n = film.N;
        var centers = new double[2 * Ribs * n];
        for (int c = 0; c < n; c++)
        {
            double u = film.At(c), d = Math.Abs(u - a.AxisAt(0.5));
            for (int k = 0; k < Ribs; k++)
            {
                double spacing = a.RibSpacing * (0.85 + 0.03 * k);
                double start = a.Apex - 0.05 + (k + a.RibPhase * 0.3) * spacing;
                centers[2 * k * n + c] = start - 0.35 * d + 1.9 * d * d;
                centers[(2 * k + 1) * n + c] = start + 0.09 + 0.55 * (0.42 - d) * (0.42 - d);
            }
        }
        return centers;
    }

    private static double RibsAt(FilmCanvas film, double[] centers, int c, double v, double d)
    {
        var a = film.Anatomy;
        int n = film.N;
        double bone = 0;
        for (int k = 0; k < Ribs; k++)
        {
            double dp = Math.Abs(v - centers[2 * k * n + c]);
            double halfWidth = 0.0085 + 0.004 * Smooth((d - 0.1) / 0.2); // ribs broaden laterally
            if (dp < halfWidth + 0.008)
                bone += a.RibStrength[k] * (0.045 * (1 - Smooth((dp - halfWidth) / 0.003)) + 0.04 * Bump(dp, halfWidth, 0.0018));
            if (d > 0.08)
            {
                double da = Math.Abs(v - centers[(2 * k + 1) * n + c]);
                if (da < 0.014) bone += 0.02 * (1 - Smooth((da - 0.008) / 0.005)) * Smooth((0.36 - d) / 0.06);
            }
        }
        return bone;
    }

    private static double Clavicle(double u, double v, double axis, double y0, double slope)
    {
        double d = Math.Abs(u - axis);
        if (d < 0.025 || d > 0.33) return 0;
        double center = y0 + slope * (d - 0.025) - 0.25 * (d - 0.025) * (d - 0.025) + 0.012 * Math.Sin(d * 18);
        double halfWidth = 0.011 - 0.003 * Smooth((d - 0.05) / 0.15);
        double dist = Math.Abs(v - center);
        return (0.75 * Smooth((halfWidth - dist) / 0.003) + 0.5 * Bump(dist, halfWidth - 0.001, 0.0015)) * Smooth((0.33 - d) / 0.03);
    }

    /// <summary>The scapula as a plate with a dense medial border, lateral on PA films and over the upper lung on AP ones.</summary>
    private static double Scapula(FilmAnatomy a, double u, double v, double d, double half)
    {
        if (v < a.Apex - 0.04 || v > a.Apex + 0.34) return 0;
        double border = half - 0.1 - a.ScapulaInset - 0.22 * (v - a.Apex);
        double plate = Smooth((d - border) / 0.015) * Smooth((half - 0.01 - d) / 0.02);
        double taper = Smooth((v - a.Apex + 0.04) / 0.04) * Smooth((a.Apex + 0.34 - v) / 0.06);
        return taper * (0.04 * plate + 0.035 * Bump(d, border + 0.006, 0.004));
    }
}

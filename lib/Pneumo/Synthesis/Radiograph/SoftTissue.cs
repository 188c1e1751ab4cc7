using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// Everything that is not bone, air or device: the body's outline with neck and shoulders, the pectoral muscles' anterior
/// axillary folds, breast shadows with their lower curved edge, the abdomen under the diaphragm (liver denser on the
/// right) and the stomach's gas bubble under the left dome.
/// </summary>
internal static class SoftTissue
{
    public static void Draw(FilmCanvas film, Random rng)
    {
        var a = film.Anatomy;
        double pectoral = 0.02 + 0.025 * rng.NextDouble() * (a.Female ? 0.6 : 1.0);
        double breast = a.Female ? 0.06 + 0.05 * rng.NextDouble() : 0.012 * rng.NextDouble();
        double breastY = (a.Ap ? a.BaseRight - 0.06 : a.BaseRight - 0.1) + 0.04 * rng.NextDouble();
        int n = film.N;
        for (int r = 0; r < n; r++)
        {
            double v = film.At(r), mid = a.MidAt(v), half = a.HalfWidthAt(v);
            double liverTop = a.BaseRight - 0.06, spleenTop = a.BaseLeft - 0.05;
            for (int c = 0; c < n; c++)
            {
                double u = film.At(c), d = Math.Abs(u - mid), side = u < mid ? -1 : 1;
                double body = Smooth((half - d) / 0.025);
                double density = 0.05 + 0.5 * body;
                // pectoral muscles: a soft band over the upper lateral chest, ending at the anterior axillary fold
                density += pectoral * body * Smooth((d - 0.12) / 0.08) * Smooth((a.Apex + 0.22 - v) / 0.06) * Smooth((v - a.Apex + 0.06) / 0.05);
                // breasts: over the lower zones, densest at the lower edge, which curves
                if (breast > 0)
                {
                    double bx = mid + side * 0.2, lower = breastY + 0.07 - 0.9 * (u - bx) * (u - bx);
                    density += breast * body * Smooth((lower - v) / 0.012) * Smooth((v - lower + 0.2) / 0.12) * Smooth((0.34 - Math.Abs(u - bx)) / 0.1);
                }
                // abdomen: liver and spleen under the domes
                density += 0.14 * body * (side < 0 ? Smooth((v - liverTop) / 0.06) : Smooth((v - spleenTop) / 0.06));
                if (a.GastricBubble is { } g) density -= 0.12 * body * Ellipse(u, v, g.X, g.Y, g.R * 1.3, g.R, 0.012);
                film.Density[r * n + c] = (float)density;
            }
        }
    }
}

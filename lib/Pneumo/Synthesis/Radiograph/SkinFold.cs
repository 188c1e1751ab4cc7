using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// A skin fold, the classic mimic of a pleural line on supine films: a long, gently curved edge roughly parallel to the
/// chest wall, denser on its lateral side and fading away from the edge. Unlike a visceral pleural line it is an edge,
/// not a line, it runs on beyond the lung's outline, and lung markings continue across it.
/// </summary>
internal static class SkinFold
{
    public static void Draw(FilmCanvas film, Random rng)
    {
        var a = film.Anatomy;
        bool right = rng.NextDouble() < 0.5;
        var lung = right ? a.RightLung : a.LeftLung;
        double side = right ? -1 : 1;
        double top = lung.Cy - lung.Up * (0.2 + 0.5 * rng.NextDouble()), bottom = lung.Cy + lung.Down * (1.0 + 0.4 * rng.NextDouble());
        double offset = lung.HalfWidth * (0.5 + 0.35 * rng.NextDouble()), bow = 0.5 + rng.NextDouble(), strength = 0.03 + 0.025 * rng.NextDouble();
        double middle = (top + bottom) / 2;
        int n = film.N;
        for (int r = 0; r < n; r++)
        {
            double v = film.At(r);
            if (v < top - 0.03 || v > bottom + 0.03) continue;
            double edge = lung.Cx + side * (offset - bow * (v - middle) * (v - middle)) + 0.004 * Math.Sin(v * 40);
            double taper = Smooth((v - top) / 0.03) * Smooth((bottom - v) / 0.03);
            for (int c = 0; c < n; c++)
            {
                double beyond = (film.At(c) - edge) * side;
                if (beyond > 0) film.Density[r * n + c] += (float)(strength * taper * Math.Exp(-beyond / 0.035) * Smooth(beyond / 0.0025));
            }
        }
    }
}

using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// Lung tissue: vessels that fan out from the hila and taper, fading out in the outer third of the lung as real
/// markings do, and a fine interstitial texture; both absent where a pneumothorax has put air between lung and wall.
/// </summary>
internal static class Parenchyma
{
    public static void Draw(FilmCanvas film, Random rng)
    {
        var a = film.Anatomy;
        int n = film.N;
        var vessels = VascularTree.Draw(n, rng, 0.002f,
            [(true, a.RightLung.MedialX - 0.02, a.RightLung.Cy - 0.02), (false, a.LeftLung.MedialX + 0.02, a.LeftLung.Cy - 0.03)]);
        var texture = new ValueNoise(rng, 4);
        double vesselDensity = 0.11 + 0.04 * rng.NextDouble(), textureDensity = 0.04 + 0.02 * rng.NextDouble();
        for (int r = 0; r < n; r++)
        {
            double v = film.At(r);
            for (int c = 0; c < n; c++)
            {
                int i = r * n + c;
                double tissue = film.Lung[i] * (1 - film.Pleural[i]);
                if (tissue <= 0.001) continue;
                double u = film.At(c);
                var lung = u < a.AxisAt(v) ? a.RightLung : a.LeftLung;
                double periphery = Smooth((0.95 - lung.Polar(u, v).Rr) / 0.35);
                film.Density[i] += (float)(tissue * (vesselDensity * vessels[i] / 255.0 * (0.1 + 0.9 * periphery) + textureDensity * texture.At(u, v)));
            }
        }
    }
}

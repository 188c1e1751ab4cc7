using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// The lungs' air and what lies between them: each lung field lowers the density (the bases and hila carry more tissue
/// than the mid and upper zones), the heart hides the medial left base, the mediastinum widens from the thoracic inlet to
/// the heart with the aortic knob on the left, the trachea is a dark column down to the carina, and the hila are dense.
/// Fills <see cref="FilmCanvas.Lung"/>.
/// </summary>
internal static class Mediastinum
{
    public static void Draw(FilmCanvas film, Random rng)
    {
        var a = film.Anatomy;
        double airDepth = 0.3 + 0.05 * rng.NextDouble();
        double knob = 0.04 + 0.03 * rng.NextDouble();
        double hilum = 0.05 + 0.03 * rng.NextDouble();
        int n = film.N;
        for (int r = 0; r < n; r++)
        {
            double v = film.At(r), axis = a.AxisAt(v);
            double zone = airDepth + 0.04 * Smooth((v - a.HeartCy) / 0.2) - 0.04 * Smooth((0.45 - v) / 0.3) - 0.05 * Smooth((a.Apex + 0.05 - v) / 0.06);
            double mediastinumHalf = 0.048 + 0.055 * Smooth((v - a.Apex) / (a.HeartCy - a.Apex));
            double top = Smooth((v - a.Apex + 0.06) / 0.05) * Smooth((a.HeartCy + 0.5 * a.HeartRy - v) / 0.06);
            double trachea = Smooth((a.Carina - v) / 0.015);
            for (int c = 0; c < n; c++)
            {
                double u = film.At(c), d = Math.Abs(u - axis);
                double heart = Ellipse(u, v, a.HeartCx, a.HeartCy, a.HeartRx, a.HeartRy, 0.012);
                double lung = Math.Max(a.RightLung.Membership(u, v), a.LeftLung.Membership(u, v)) * (1 - 0.85 * heart);
                film.Lung[r * n + c] = (float)lung;
                double mediastinum = Smooth((mediastinumHalf - d) / 0.012) * top;
                double aorticKnob = Ellipse(u, v, axis + 0.045, a.Apex + 0.1, 0.03, 0.025, 0.01);
                double hila = Ellipse(u, v, a.RightLung.MedialX - 0.02, a.RightLung.Cy - 0.02, 0.035, 0.05, 0.03)
                    + Ellipse(u, v, a.LeftLung.MedialX + 0.02, a.LeftLung.Cy - 0.04, 0.03, 0.045, 0.03);
                double density = -zone * lung + 0.16 * Math.Max(Math.Max(mediastinum, heart), aorticKnob * knob / 0.07) + hilum * hila * lung;
                density -= 0.05 * trachea * Smooth((0.011 - d) / 0.004);
                film.Density[r * n + c] += (float)density;
            }
        }
    }
}

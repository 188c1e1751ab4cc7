using Pneumo.Masks;
using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// A pneumothorax as a radiologist sees it on a version 3 film: a rim of air between the chest wall and the lung, only
/// slightly darker than aerated lung and without lung markings, bounded by a thin, faint visceral pleural line; the lung
/// beyond it a little denser where it has collapsed. The mask is the rim, as in the real labels.
/// </summary>
internal static class PleuralSpace
{
    /// <summary>
    /// Extra darkness of the pleural air over aerated lung (on top of the markings it lacks). With the line below, the
    /// compact CNN at 256 px finds the lesion from 400 films after 9 to 11 epochs of 16; at half these two densities (0.05,
    /// 0.15) it did not find it at all in 16 epochs (inner-validation AUC 0.5-0.6, seed 1, folds 0 to 2).
    /// </summary>
    private const double Lucency = 0.09;
    /// <summary>The visceral pleural line's density at its peak: as version 2's, but the line is under half as wide.</summary>
    private const double LineDensity = 0.3;

    /// <summary>Draws the regions of <paramref name="regions"/>, fills <see cref="FilmCanvas.Pleural"/> and returns one mask per region.</summary>
    public static BinaryMask[] Draw(FilmCanvas film, IReadOnlyList<PneumothoraxRegion> regions)
    {
        int n = film.N;
        var rims = regions.Select(r => new Rim(r, r.RightLung ? film.Anatomy.RightLung : film.Anatomy.LeftLung)).ToArray();
        var masks = rims.Select(_ => new BinaryMask(n, n)).ToArray();
        if (rims.Length == 0) return masks;
        for (int r = 0; r < n; r++)
        {
            double v = film.At(r);
            for (int c = 0; c < n; c++)
            {
                double u = film.At(c), line = 0, collapsed = 0;
                int i = r * n + c;
                for (int k = 0; k < rims.Length; k++)
                {
                    var (inside, pleura, crowd) = rims[k].Classify(u, v, film.Px);
                    if (inside)
                    {
                        film.Pleural[i] = 1;
                        masks[k].Pixels[i] = 1;
                    }
                    line = Math.Max(line, pleura);
                    collapsed = Math.Max(collapsed, crowd);
                }
                double lung = film.Lung[i];
                film.Density[i] += (float)(lung * (LineDensity * line + 0.03 * collapsed - Lucency * film.Pleural[i]));
            }
        }
        return masks;
    }

    /// <summary>The share of the image a region covers, counted on a grid x grid raster of <see cref="Rim"/>.</summary>
    public static double Area(PneumothoraxRegion region, LungField lung, int grid)
    {
        var rim = new Rim(region, lung);
        double px = 1.0 / grid;
        int inside = 0;
        for (int r = 0; r < grid; r++)
            for (int c = 0; c < grid; c++)
                if (rim.Classify((c + 0.5) * px, (r + 0.5) * px, px).Inside) inside++;
        return (double)inside / (grid * grid);
    }

    /// <summary>One region's rim in its lung: angle and depth measured on the lung's normalised radius.</summary>
    private sealed class Rim
    {
        private readonly LungField _lung;
        private readonly double _theta0, _extent, _depth;
        private const double LineHalfWidth = 0.0016;

        public Rim(PneumothoraxRegion region, LungField lung)
        {
            _lung = lung;
            double lateral = lung.Right ? Math.PI : 0;
            double baseAngle = region.Site switch
            {
                PneumothoraxSite.Apical => -Math.PI / 2,
                PneumothoraxSite.Basal => lung.Right ? Math.PI - 0.95 : 0.95, // the costophrenic angle: the deep sulcus of a supine film
                _ => lateral,
            };
            _theta0 = baseAngle + (lung.Right ? -1 : 1) * region.AngleOffset;
            _extent = region.Extent;
            _depth = region.Depth;
        }

        /// <summary>(inside the pleural space, pleural line intensity, collapsed-lung intensity)</summary>
        public (bool Inside, double Line, double Collapsed) Classify(double u, double v, double px)
        {
            if (!_lung.Lateral(u, 0.01)) return (false, 0, 0);
            var (rr, theta, radius) = _lung.Polar(u, v);
            if (rr > 1.0 || rr < 0.2) return (false, 0, 0);
            double delta = LungField.AngleBetween(theta, _theta0);
            if (delta > _extent) return (false, 0, 0);
            double profile = Math.Cos(delta / _extent * Math.PI / 2);
            double boundary = 1 - _depth * Math.Sqrt(profile);
            double radial = (rr - boundary) * radius;
            bool inside = radial > 0 && rr < 0.985;
            double line = Bump(radial, 0, LineHalfWidth + 0.5 * px) * Smooth(profile / 0.15);
            double collapsed = radial < 0 ? Math.Exp(radial / 0.03) * Smooth(profile / 0.2) : 0;
            return (inside, line, collapsed);
        }
    }
}

using Pneumo.Masks;
using Pneumo.Synthesis.Radiograph;
using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis;

/// <summary>
/// The generator version 2 film (the easy sample, kept byte for byte; version 3 films are <see cref="ChestRadiograph"/>'s):
/// body outline, lungs with vascular markings, heart and mediastinum, spine,
/// posterior ribs, clavicles, diaphragm, breast shadows; AP films with a magnified heart, scapulae over the lungs,
/// shallower inspiration and sometimes ECG leads; exposure, texture and quantum noise. A pneumothorax is a lucent
/// crescent without lung markings at the apex or lateral wall, bounded by a thin visceral pleural line, with the
/// collapsed lung beyond it slightly denser. Everything is computed in normalised coordinates, so any size works;
/// the same spec and seed always give the same pixels.
/// </summary>
public static class ChestFilmSynthesizer
{
    /// <summary>A rendered film and the mask of each pneumothorax region.</summary>
    /// <param name="Pixels">Row-major 8-bit MONOCHROME2 pixels (bright = dense).</param>
    /// <param name="RegionMasks">One mask per region of the spec, same size as the image.</param>
    /// <param name="EcgLeads">ECG leads and wires were drawn: thin bright lines that can mimic a pleural line.</param>
    public sealed record Film(byte[] Pixels, IReadOnlyList<BinaryMask> RegionMasks, bool EcgLeads);

    private sealed record Lung(double Cx, double Cy, double Rx, double RyTop, double RyBottom, double MedialX, bool Right);

    /// <summary>
    /// The film's body and lungs, the first draws of its seed: midline, tilt, body half-width, apex, the two bases, and
    /// the lungs (drawn first, as they always were).
    /// </summary>
    private static (double Cx, double Tilt, double BodyHalf, double Apex, double BaseRight, double BaseLeft, Lung Right, Lung Left) Anatomy(
        ChestFilmSpec spec, Random rng)
    {
        bool ap = spec.ViewPosition == "AP";
        double U(double a, double b) => a + (b - a) * rng.NextDouble();
        double cx = 0.5 + U(-0.025, 0.025);
        double tilt = U(-0.03, 0.03); // small rotation of the patient: the midline leans
        double bodyHalf = U(0.38, 0.45) * (spec.Sex == "F" ? 0.96 : 1.0);
        double apex = ap ? U(0.16, 0.21) : U(0.11, 0.16);
        double baseRight = ap ? U(0.66, 0.74) : U(0.74, 0.83);
        double baseLeft = baseRight + U(0.01, 0.04);
        double lungWidth = U(0.27, 0.32) * (bodyHalf / 0.42);
        var right = new Lung(cx - 0.04 - lungWidth / 2, (apex + baseRight) / 2, lungWidth / 2, (baseRight - apex) / 2, (baseRight - apex) / 2 + 0.02,
            cx - 0.035, true);
        var left = new Lung(cx + 0.04 + lungWidth / 2 * 0.96, (apex + baseLeft) / 2, lungWidth / 2 * 0.96, (baseLeft - apex) / 2, (baseLeft - apex) / 2 + 0.02,
            cx + 0.035, false);
        return (cx, tilt, bodyHalf, apex, baseRight, baseLeft, right, left);
    }

    /// <summary>Renders <paramref name="spec"/>.</summary>
    public static Film Render(ChestFilmSpec spec)
    {
        int n = spec.Size;
        var rng = new Random(spec.Seed);
        bool ap = spec.ViewPosition == "AP";
        double U(double a, double b) => a + (b - a) * rng.NextDouble();

        // ---- anatomy, in units of the image width ----
        var (cx, tilt, bodyHalf, apex, baseRight, baseLeft, right, left) = Anatomy(spec, rng);
        double heartCx = cx + U(0.02, 0.045), heartCy = baseLeft - U(0.12, 0.16);
        double heartRx = U(0.13, 0.155) * (ap ? 1.14 : 1.0), heartRy = U(0.11, 0.135) * (ap ? 1.08 : 1.0);
        double ribSpacing = (baseRight - apex) / U(8.5, 9.8);
        double ribPhase = U(0, 1);
        double clavicleY = ap ? apex - U(0.01, 0.03) : apex + U(0.02, 0.05);
        double clavicleSlope = ap ? U(-0.02, 0.02) : U(0.04, 0.09);

        // ---- exposure ----
        double gain = U(0.82, 1.12);
        double gamma = U(0.85, 1.2);
        double offset = U(-0.05, 0.05);
        double noiseSigma = ap ? U(0.014, 0.028) : U(0.008, 0.018);
        var lut = new double[2049];
        double lutScale = (lut.Length - 1) / 1.2;
        for (int i = 0; i < lut.Length; i++) lut[i] = Math.Pow(i / lutScale, gamma) * gain + offset;

        // ---- layers drawn with Skia: vascular markings and devices ----
        var vessels = VascularTree.Draw(n, rng, 0.0012f,
            [(right.Right, right.MedialX - 0.02, right.Cy - 0.02), (left.Right, left.MedialX + 0.02, left.Cy - 0.02)]);
        var devices = ap && rng.NextDouble() < 0.5 ? DeviceDrawing.EcgLeads(n, rng) : null;
        var texture = new ValueNoise(rng, 3);

        var regions = spec.Regions.Select(r => new RegionGeometry(r, r.RightLung ? right : left)).ToArray();
        var masks = regions.Select(_ => new BinaryMask(n, n)).ToArray();
        var output = new byte[n * n];
        var noise = new NoiseSource(spec.Seed * 7919 + 17);
        double px = 1.0 / n;

        // Rib centre lines depend on the column only: precompute per column.
        int ribCount = 12;
        var ribStrength = Enumerable.Range(0, ribCount).Select(_ => U(0.7, 1.2)).ToArray();
        var ribCenters = new double[2 * ribCount * n];
        for (int c = 0; c < n; c++)
        {
            double u = (c + 0.5) * px;
            double d = Math.Abs(u - cx);
            for (int k = 0; k < ribCount; k++)
            {
                double start = apex - 0.05 + (k + ribPhase * 0.3) * ribSpacing;
                // posterior rib: leaves the spine, rises a little, then sweeps down laterally
                ribCenters[(2 * k) * n + c] = start - 0.35 * d + 1.9 * d * d;
                // anterior rib (fainter): runs down and medially from the lateral wall
                ribCenters[(2 * k + 1) * n + c] = start + 0.09 + 0.55 * (0.42 - d) * (0.42 - d);
            }
        }

        for (int r = 0; r < n; r++)
        {
            double v = (r + 0.5) * px;
            // terms that depend on the row only
            double mid = cx + tilt * (v - 0.5);
            double half = v < 0.14 ? 0.07 + (bodyHalf - 0.07) * Smooth((v - 0.02) / 0.12) : bodyHalf + 0.015 * Math.Sin(v * 4);
            double zone = 0.27 + 0.05 * Smooth((v - heartCy) / 0.2) - 0.03 * Smooth((0.5 - v) / 0.3);
            double vertebra = 0.5 + 0.5 * Math.Cos((v / 0.038) * 2 * Math.PI);
            double mediastinumHalf = 0.05 + 0.06 * Smooth((v - apex) / (heartCy - apex));
            double mediastinumTop = Smooth((v - apex + 0.05) / 0.05);
            double thoraxBottom = Smooth((baseLeft + 0.05 - v) / 0.05);
            bool nearClavicles = Math.Abs(v - clavicleY) < 0.12;
            for (int c = 0; c < n; c++)
            {
                double u = (c + 0.5) * px;
                double d = Math.Abs(u - mid);

                // body and shoulders
                double body = Smooth((half - d) / 0.02);
                double density = 0.08 + 0.42 * body;

                // lungs (air lowers the density); diaphragm below
                double lungR = LungMembership(right, u, v), lungL = LungMembership(left, u, v);
                double lung = Math.Max(lungR, lungL);
                double heart = Ellipse(u, v, heartCx, heartCy, heartRx, heartRy, 0.02);
                double lungVisible = lung * (1 - 0.8 * heart);
                // air is darkest in the mid and upper zones; bases and hila carry more overlying tissue
                density -= zone * lungVisible;

                // mediastinum and spine
                double mediastinum = Smooth((mediastinumHalf - d) / 0.015) * mediastinumTop;
                density += 0.11 * Math.Max(mediastinum, heart);
                double spine = Smooth((0.032 - d) / 0.008);
                density += spine * (0.025 + 0.02 * vertebra) * (1 - 0.6 * heart);

                // ribs: bands with brighter cortical edges, only over the thorax
                double thorax = Smooth((half - 0.03 - d) / 0.03) * thoraxBottom;
                if (thorax > 0.01)
                {
                    double bone = 0;
                    // only the ribs whose centre line passes within a rib width of this row matter
                    double kp = (v - ribCenters[c]) / ribSpacing, ka = (v - ribCenters[n + c]) / ribSpacing;
                    for (int k = Math.Max(0, (int)kp - 1); k <= Math.Min(ribCount - 1, (int)kp + 1); k++)
                    {
                        double adv = Math.Abs(v - ribCenters[(2 * k) * n + c]);
                        if (adv < 0.016) bone += ribStrength[k] * (0.06 * (1 - Smooth((adv - 0.0085) / 0.004)) + 0.035 * Bump(adv, 0.0095, 0.002));
                    }
                    if (d > 0.08)
                        for (int k = Math.Max(0, (int)ka - 1); k <= Math.Min(ribCount - 1, (int)ka + 1); k++)
                        {
                            double da = Math.Abs(v - ribCenters[(2 * k + 1) * n + c]);
                            if (da < 0.014) bone += 0.022 * (1 - Smooth((da - 0.008) / 0.005));
                        }
                    density += bone * thorax * Smooth((d - 0.035) / 0.01);
                }

                // clavicles
                if (nearClavicles) density += 0.13 * ClavicleAt(u, v, mid, clavicleY, clavicleSlope);

                // AP: scapulae project over the upper lateral lungs
                if (ap)
                {
                    double scap = Smooth((d - (half - 0.11 - 0.25 * (v - apex))) / 0.02) * Smooth((v - apex + 0.02) / 0.03) * Smooth((apex + 0.3 - v) / 0.03);
                    density += 0.06 * scap * body;
                }
                // breasts: soft density over the lower zones
                if (spec.Sex == "F")
                {
                    double breast = Ellipse(u, v, mid - 0.2, baseRight - 0.03, 0.16, 0.11, 0.06) + Ellipse(u, v, mid + 0.2, baseRight - 0.02, 0.16, 0.11, 0.06);
                    density += 0.07 * breast;
                }

                // parenchyma: texture and vascular markings, which a pneumothorax removes
                double markings = vessels[r * n + c] / 255.0;
                double tex = texture.At(u, v);
                double ptx = 0, line = 0, collapsed = 0;
                for (int i = 0; i < regions.Length; i++)
                {
                    var (inside, pleura, crowd) = regions[i].Classify(u, v, px);
                    if (inside)
                    {
                        ptx = 1;
                        masks[i].Pixels[r * n + c] = 1;
                    }
                    line = Math.Max(line, pleura);
                    collapsed = Math.Max(collapsed, crowd);
                }
                double lungTissue = lungVisible * (1 - ptx);
                density += lungTissue * (0.11 * markings + 0.05 * tex + 0.06 * collapsed * (1 + markings));
                density -= 0.09 * ptx * lungVisible;           // the lucent pleural space: no lung tissue at all
                density += 0.3 * line * lungVisible;            // the visceral pleural line
                if (devices is not null) density += 0.25 * devices[r * n + c] / 255.0;

                // exposure, then quantum noise
                double dq = Math.Clamp(density, 0, 1.2) * lutScale;
                int li = (int)dq;
                double value = li >= lut.Length - 1 ? lut[^1] : lut[li] + (lut[li + 1] - lut[li]) * (dq - li);
                value += noiseSigma * noise.NextGaussian();
                output[r * n + c] = (byte)Math.Clamp(value * 255 + 0.5, 0, 255);
            }
        }
        return new Film(output, masks, devices is not null);
    }

    /// <summary>Lung shape: an egg (narrow apex, broad base) cut medially by the mediastinum and below by the dome.</summary>
    private static double LungMembership(Lung l, double u, double v)
    {
        double dv = v - l.Cy;
        double ry = dv < 0 ? l.RyTop : l.RyBottom;
        double widthAtV = l.Rx * (1 + 0.18 * dv / l.RyTop);
        double du = (u - l.Cx) / widthAtV, dn = dv / ry;
        double rr = Math.Sqrt(du * du + dn * dn);
        double m = Smooth((1 - rr) / 0.07);
        // medial border: straight (the mediastinum)
        double medial = l.Right ? Smooth((l.MedialX - u) / 0.012) : Smooth((u - l.MedialX) / 0.012);
        return m * medial;
    }

    private static double ClavicleAt(double u, double v, double mid, double y0, double slope)
    {
        double d = Math.Abs(u - mid);
        if (d < 0.03 || d > 0.33) return 0;
        double center = y0 + slope * (d - 0.03) - 0.25 * (d - 0.03) * (d - 0.03) + 0.012 * Math.Sin(d * 18);
        double dist = Math.Abs(v - center);
        return Smooth((0.011 - dist) / 0.004) * Smooth((0.33 - d) / 0.03);
    }

    /// <summary>Pneumothorax geometry in one lung: angle and depth measured from the lung's centre.</summary>
    private sealed class RegionGeometry
    {
        private readonly Lung _lung;
        private readonly double _theta0, _extent, _depth;
        private const double LineHalfWidth = 0.0035;

        public RegionGeometry(PneumothoraxRegion region, Lung lung)
        {
            _lung = lung;
            // image coordinates: angle 0 points right (+u), -pi/2 points up (-v)
            double lateral = lung.Right ? Math.PI : 0;
            double baseAngle = region.Site switch
            {
                PneumothoraxSite.Apical => -Math.PI / 2,
                PneumothoraxSite.Basal => Math.PI / 2 + (lung.Right ? 0.45 : -0.45), // towards the costophrenic angle
                _ => lateral,
            };
            _theta0 = baseAngle + (lung.Right ? -1 : 1) * region.AngleOffset;
            _extent = region.Extent;
            _depth = region.Depth;
        }

        /// <summary>(inside the pleural space, pleural line intensity, collapsed-lung intensity)</summary>
        public (bool Inside, double Line, double Collapsed) Classify(double u, double v, double px)
        {
            var l = _lung;
            double dv = v - l.Cy;
            double ry = dv < 0 ? l.RyTop : l.RyBottom;
            double widthAtV = l.Rx * (1 + 0.18 * dv / l.RyTop);
            double du = (u - l.Cx) / widthAtV, dn = dv / ry;
            double rr = Math.Sqrt(du * du + dn * dn);
            if (rr > 1.0 || rr < 0.2) return (false, 0, 0);
            double theta = Math.Atan2(dn, du);
            double delta = Math.Abs(Math.IEEERemainder(theta - _theta0, 2 * Math.PI));
            if (delta > _extent) return (false, 0, 0);
            double profile = Math.Cos(delta / _extent * Math.PI / 2);
            double boundary = 1 - _depth * Math.Sqrt(profile); // normalised radius of the pleural line
            if (l.Right ? u > l.MedialX - 0.01 : u < l.MedialX + 0.01) return (false, 0, 0);
            double radial = (rr - boundary) * Math.Min(widthAtV, ry); // signed distance, image-width units
            bool inside = radial > 0 && rr < 0.985;
            double line = Bump(radial, 0, LineHalfWidth + 0.5 * px) * Smooth(profile / 0.15);
            double collapsed = radial < 0 ? Math.Exp(radial / 0.03) * Smooth(profile / 0.2) : 0;
            return (inside, line, collapsed);
        }
    }
}

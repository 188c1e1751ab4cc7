using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// One lung's outline on a version 3 film, star-shaped about its centre: narrow at the apex, broad at the base, a sharp
/// costophrenic angle pulled out laterally and below, the diaphragm's dome pushing the base up medially, and a straight
/// medial border at the mediastinum. <see cref="Polar"/> gives every point's normalised radius (1 on the outline), which
/// both the lung's density and a pneumothorax's rim along the wall are drawn from.
/// </summary>
internal sealed class LungField
{
    private readonly double _costophrenic, _dome, _costophrenicAngle, _domeAngle;

    public LungField(bool right, double cx, double cy, double halfWidth, double up, double down, double medialX, double costophrenic, double dome)
    {
        (Right, Cx, Cy, HalfWidth, Up, Down, MedialX, _costophrenic, _dome) = (right, cx, cy, halfWidth, up, down, medialX, costophrenic, dome);
        // image angles: 0 points to +x, +pi/2 points down; the patient's right lung is on the image's left
        _costophrenicAngle = right ? Math.PI - 0.95 : 0.95;
        _domeAngle = right ? Math.PI / 2 + 0.2 : Math.PI / 2 - 0.2;
    }

    /// <summary>The patient's right lung (the image's left).</summary>
    public bool Right { get; }
    /// <summary>Centre, in image widths.</summary>
    public double Cx { get; }
    /// <summary>Centre, in image widths.</summary>
    public double Cy { get; }
    /// <summary>Half the lung's width at its centre.</summary>
    public double HalfWidth { get; }
    /// <summary>Centre to apex.</summary>
    public double Up { get; }
    /// <summary>Centre to the costophrenic angle's level.</summary>
    public double Down { get; }
    /// <summary>The mediastinal border's x.</summary>
    public double MedialX { get; }

    /// <summary>Normalised radius (below 1 inside), image angle about the centre, and the outline's radius in that direction.</summary>
    public (double Rr, double Theta, double Radius) Polar(double u, double v)
    {
        double du = u - Cx, dv = v - Cy;
        double d = Math.Sqrt(du * du + dv * dv);
        if (d < 1e-9) return (0, 0, HalfWidth);
        double c = du / d, s = dv / d, theta = Math.Atan2(dv, du);
        double a = HalfWidth * (1 + 0.16 * s), b = s < 0 ? Up : Down;
        double radius = 1 / Math.Sqrt(c * c / (a * a) + s * s / (b * b));
        radius *= 1 + _costophrenic * Bump(AngleBetween(theta, _costophrenicAngle), 0, 0.2);
        radius *= 1 - _dome * Bump(AngleBetween(theta, _domeAngle), 0, 0.45);
        return (d / radius, theta, radius);
    }

    /// <summary>True on the lung's side of the mediastinal border, <paramref name="margin"/> away from it.</summary>
    public bool Lateral(double u, double margin) => Right ? u < MedialX - margin : u > MedialX + margin;

    /// <summary>How much of the point is lung (0-1, soft outline).</summary>
    public double Membership(double u, double v)
    {
        if (Math.Abs(u - Cx) > HalfWidth * 1.5 || v < Cy - Up * 1.1 || v > Cy + Down * 1.4) return 0;
        var (rr, _, radius) = Polar(u, v);
        double m = Smooth((1 - rr) * radius / 0.01);
        return m * (Right ? Smooth((MedialX - u) / 0.01) : Smooth((u - MedialX) / 0.01));
    }

    /// <summary>The absolute difference of two angles, in [0, pi].</summary>
    public static double AngleBetween(double a, double b) => Math.Abs(Math.IEEERemainder(a - b, 2 * Math.PI));
}

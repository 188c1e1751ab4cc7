namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// A version 3 film's anatomy and positioning, in image widths, the first draws of the film's seed (so a lesion planner
/// sizing regions on <see cref="RightLung"/> and <see cref="LeftLung"/> sees the lungs that are drawn): PA erect films
/// breathe in deeply and keep the scapulae off the lungs; AP supine films are shallower, with a magnified heart and
/// the scapulae over the upper lungs. The patient may be rotated (the mediastinum off the body's midline) and tilted.
/// </summary>
internal sealed class FilmAnatomy
{
    public FilmAnatomy(ChestFilmSpec spec, Random rng)
    {
        Ap = spec.ViewPosition == "AP";
        Female = spec.Sex == "F";
        double U(double a, double b) => a + (b - a) * rng.NextDouble();
        Mid = 0.5 + U(-0.03, 0.03);
        Tilt = U(-0.035, 0.035);
        Rotation = U(-0.018, 0.018);
        BodyHalf = U(0.4, 0.46) * (Female ? 0.96 : 1.0);
        Apex = Ap ? U(0.15, 0.21) : U(0.1, 0.15);
        BaseRight = Ap ? U(0.64, 0.73) : U(0.74, 0.84);
        BaseLeft = BaseRight + U(0.01, 0.035);
        double lungWidth = U(0.31, 0.35) * (BodyHalf / 0.43);
        double medial = Mid + Rotation;
        RightLung = MakeLung(true, medial - 0.04 - lungWidth / 2, lungWidth / 2, BaseRight, medial - 0.032, U(0.1, 0.2), U(0.1, 0.18));
        LeftLung = MakeLung(false, medial + 0.04 + lungWidth / 2 * 0.95, lungWidth / 2 * 0.95, BaseLeft, medial + 0.032, U(0.1, 0.2), U(0.1, 0.18));

        HeartCx = medial + U(0.035, 0.06);
        HeartCy = BaseLeft - U(0.11, 0.15);
        HeartRx = U(0.15, 0.18) * (Ap ? 1.12 : 1.0);
        HeartRy = U(0.115, 0.14) * (Ap ? 1.06 : 1.0);
        Carina = Apex + U(0.11, 0.15);
        ClavicleY = Ap ? Apex - U(0.0, 0.03) : Apex + U(0.02, 0.05);
        ClavicleSlope = Ap ? U(-0.03, 0.02) : U(0.04, 0.09);
        RibSpacing = (BaseRight - Apex) / U(8.5, 9.8);
        RibPhase = U(0, 1);
        RibStrength = Enumerable.Range(0, 12).Select(_ => U(0.75, 1.2)).ToArray();
        GastricBubble = rng.NextDouble() < 0.6 ? (medial + U(0.1, 0.17), BaseLeft + U(0.0, 0.03), U(0.025, 0.045)) : null;
        ScapulaInset = Ap ? U(0.08, 0.13) : U(-0.02, 0.02);

        LungField MakeLung(bool right, double cx, double halfWidth, double lungBase, double medialX, double costophrenic, double dome) =>
            new(right, cx, (Apex + lungBase) / 2 - 0.03, halfWidth, (lungBase - Apex) / 2 - 0.03, (lungBase - Apex) / 2 + 0.03, medialX, costophrenic, dome);
    }

    /// <summary>Anteroposterior (supine or portable) rather than posteroanterior (erect).</summary>
    public bool Ap { get; }
    /// <summary>A woman: breast shadows.</summary>
    public bool Female { get; }
    /// <summary>The body's midline at the film's centre row.</summary>
    public double Mid { get; }
    /// <summary>The midline's lean per unit of height.</summary>
    public double Tilt { get; }
    /// <summary>Rotation: the mediastinum and spine's offset from the body's midline.</summary>
    public double Rotation { get; }
    /// <summary>Half the body's width at the chest.</summary>
    public double BodyHalf { get; }
    /// <summary>Level of the lung apices.</summary>
    public double Apex { get; }
    /// <summary>Level of the right costophrenic angle (the liver keeps the right dome higher).</summary>
    public double BaseRight { get; }
    /// <summary>Level of the left costophrenic angle.</summary>
    public double BaseLeft { get; }
    /// <summary>The patient's right lung (the image's left).</summary>
    public LungField RightLung { get; }
    /// <summary>The patient's left lung.</summary>
    public LungField LeftLung { get; }
    /// <summary>Heart ellipse.</summary>
    public double HeartCx { get; }
    /// <summary>Heart ellipse.</summary>
    public double HeartCy { get; }
    /// <summary>Heart ellipse.</summary>
    public double HeartRx { get; }
    /// <summary>Heart ellipse.</summary>
    public double HeartRy { get; }
    /// <summary>Level where the trachea divides.</summary>
    public double Carina { get; }
    /// <summary>Level of the clavicles' medial ends.</summary>
    public double ClavicleY { get; }
    /// <summary>How steeply the clavicles rise laterally (PA: lordotic-free erect; AP: flatter).</summary>
    public double ClavicleSlope { get; }
    /// <summary>Vertical distance between posterior ribs.</summary>
    public double RibSpacing { get; }
    /// <summary>Phase of the rib cage against the apex.</summary>
    public double RibPhase { get; }
    /// <summary>Each rib's density.</summary>
    public double[] RibStrength { get; }
    /// <summary>Gas in the stomach under the left dome (centre and radius), when visible.</summary>
    public (double X, double Y, double R)? GastricBubble { get; }
    /// <summary>How far the scapulae's medial borders reach in over the lungs (AP) or stay outside them (PA).</summary>
    public double ScapulaInset { get; }

    /// <summary>The body's midline at row <paramref name="v"/>.</summary>
    public double MidAt(double v) => Mid + Tilt * (v - 0.5);

    /// <summary>The mediastinum's and spine's axis at row <paramref name="v"/>.</summary>
    public double AxisAt(double v) => MidAt(v) + Rotation;

    /// <summary>Half the body's width at row <paramref name="v"/>: neck, shoulders, chest, flanks.</summary>
    public double HalfWidthAt(double v)
    {
        double neck = 0.075;
        if (v < 0.03) return neck;
        double shoulders = v < Apex - 0.02 ? neck + (BodyHalf + 0.02 - neck) * SynthesisMath.Smooth((v - 0.03) / (Apex - 0.05)) : BodyHalf + 0.02;
        return v < Apex - 0.02 ? shoulders : BodyHalf + 0.02 - 0.03 * SynthesisMath.Smooth((v - BaseLeft) / 0.25) + 0.01 * Math.Sin(v * 5);
    }
}

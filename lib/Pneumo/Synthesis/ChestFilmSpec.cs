namespace Pneumo.Synthesis;

/// <summary>Where a synthetic pneumothorax sits.</summary>
public enum PneumothoraxSite
{
    /// <summary>At the lung apex (the commonest site on an erect film).</summary>
    Apical,
    /// <summary>Along the lateral chest wall.</summary>
    Lateral,
    /// <summary>At the lung base and costophrenic angle: the deep sulcus of a supine film (generator version 3).</summary>
    Basal,
}

/// <summary>One pneumothorax region: a lucent crescent between chest wall and a visceral pleural line.</summary>
/// <param name="RightLung">The patient's right lung (the left side of the image).</param>
/// <param name="Site">Apex or lateral wall.</param>
/// <param name="Depth">Maximum distance from chest wall to pleural line, as a fraction of the lung's half-width (0.05 subtle … 0.6 large).</param>
/// <param name="Extent">Half the angular extent of the crescent, in radians.</param>
/// <param name="AngleOffset">Shift of the crescent's centre from the site's direction, in radians.</param>
public sealed record PneumothoraxRegion(bool RightLung, PneumothoraxSite Site, double Depth, double Extent, double AngleOffset);

/// <summary>What to draw: patient, projection and findings of one synthetic chest film.</summary>
/// <param name="Size">Rows and columns of the square image.</param>
/// <param name="ViewPosition">PA (erect, posteroanterior) or AP (often supine or portable: magnified heart, scapulae over the lungs).</param>
/// <param name="Sex">M or F (F adds breast shadows).</param>
/// <param name="Age">Years.</param>
/// <param name="Regions">Pneumothorax regions; empty for a normal film.</param>
/// <param name="Seed">Seed of the anatomy, exposure and noise.</param>
public sealed record ChestFilmSpec(int Size, string ViewPosition, string Sex, int Age, IReadOnlyList<PneumothoraxRegion> Regions, int Seed);

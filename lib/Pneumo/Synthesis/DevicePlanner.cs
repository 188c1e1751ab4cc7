namespace Pneumo.Synthesis;

/// <summary>
/// Which devices and mimics a version 3 film carries. The literature this follows: Oakden-Rayner, Dunnmon, Carneiro and
/// Ré, "Hidden stratification causes clinically meaningful failures in machine learning for medical imaging" (ACM CHIL
/// 2020): in ChestX-ray14, the images SIIM-ACR's come from, most pneumothorax positives are treated cases showing their
/// chest drain, and a classifier trained on them is much weaker on positives without one; Rueckel et al., "Impact of
/// confounding thoracic tubes and pleural dehiscence extent on artificial intelligence pneumothorax detection in chest
/// radiographs" (Investigative Radiology 2020): thoracic tubes raise the detection rate and small pneumothoraces lower
/// it; Jiménez-Sánchez et al., "Detecting shortcuts in medical images — a case study in chest X-rays" (ISBI 2023), who
/// published drain annotations for ChestX-ray14. Skin folds, ECG leads, lines and tubes are the textbook pleural-line
/// mimics of supine and bedside films. The shares below are this generator's choice in the direction those papers
/// report (a drain in most positives, rarely in negatives; devices mostly on AP bedside films); their exact per-cohort
/// figures were not available to us, so each film's devices are recorded (<see cref="SyntheticImage.Devices"/>) and the
/// study measures what they do instead of assuming it.
/// </summary>
public static class DevicePlanner
{
    /// <summary>Share of positive films with a chest drain (on the pneumothorax's side).</summary>
    public const double DrainInPositives = 0.55;
    /// <summary>Share of negative films with a chest drain: a treated pneumothorax whose lung has re-expanded.</summary>
    public const double DrainInNegatives = 0.05;
    /// <summary>Share of negative films with a skin fold, AP and PA.</summary>
    public static readonly (double Ap, double Pa) SkinFoldInNegatives = (0.12, 0.04);

    /// <summary>The devices of one film, drawn with <paramref name="rng"/>.</summary>
    /// <param name="ap">An AP (bedside, often supine) film rather than PA.</param>
    /// <param name="regions">The film's pneumothorax regions (empty for a negative).</param>
    /// <param name="rng">The film's own stream.</param>
    public static FilmDevices Plan(bool ap, IReadOnlyList<PneumothoraxRegion> regions, Random rng)
    {
        bool positive = regions.Count > 0;
        bool drain = rng.NextDouble() < (positive ? DrainInPositives : DrainInNegatives);
        bool drainRight = positive ? regions[0].RightLung : rng.NextDouble() < 0.5;
        return new FilmDevices(
            ChestDrain: drain,
            DrainOnRight: drain && drainRight,
            EcgLeads: rng.NextDouble() < (ap ? 0.6 : 0.12),
            CentralLine: rng.NextDouble() < (ap ? 0.3 : 0.05),
            EndotrachealTube: rng.NextDouble() < (ap ? 0.2 : 0.0),
            NasogastricTube: rng.NextDouble() < (ap ? 0.2 : 0.02),
            SkinFold: !positive && rng.NextDouble() < (ap ? SkinFoldInNegatives.Ap : SkinFoldInNegatives.Pa));
    }
}

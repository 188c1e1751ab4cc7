namespace Pneumo.Synthesis;

/// <summary>
/// The devices and mimics drawn on a synthetic film (generator version 3), recorded per film so that the study can
/// measure what they do to a classifier: the hidden strata of Oakden-Rayner et al. (a treated pneumothorax shows its
/// drain) and the pleural-line mimics.
/// </summary>
/// <param name="ChestDrain">An intercostal chest drain on the side of <paramref name="DrainOnRight"/>.</param>
/// <param name="DrainOnRight">The drain's side: the patient's right (the left of the image).</param>
/// <param name="EcgLeads">ECG electrodes and their wires.</param>
/// <param name="CentralLine">A subclavian central venous catheter ending in the superior vena cava.</param>
/// <param name="EndotrachealTube">An endotracheal tube in the trachea.</param>
/// <param name="NasogastricTube">A nasogastric tube down the oesophagus into the stomach.</param>
/// <param name="SkinFold">A skin fold over a lung: an edge, not a line, that crosses the lung margin (negatives only).</param>
public sealed record FilmDevices(bool ChestDrain = false, bool DrainOnRight = false, bool EcgLeads = false, bool CentralLine = false,
    bool EndotrachealTube = false, bool NasogastricTube = false, bool SkinFold = false)
{
    /// <summary>No device and no mimic.</summary>
    public static readonly FilmDevices None = new();
}

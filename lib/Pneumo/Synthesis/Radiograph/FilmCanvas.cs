namespace Pneumo.Synthesis.Radiograph;

/// <summary>
/// The working state of one version 3 film while its pieces are drawn: the density (bright = dense, about 0 to 1.2), the
/// lung fields and the pleural space each piece needs from the others, and the pixel grid in image widths.
/// </summary>
internal sealed class FilmCanvas(int n, FilmAnatomy anatomy)
{
    /// <summary>Rows and columns.</summary>
    public int N { get; } = n;
    /// <summary>One pixel in image widths.</summary>
    public double Px { get; } = 1.0 / n;
    /// <summary>The film's anatomy.</summary>
    public FilmAnatomy Anatomy { get; } = anatomy;
    /// <summary>Row-major density.</summary>
    public float[] Density { get; } = new float[n * n];
    /// <summary>How much of each pixel is aerated lung not hidden by the heart (0-1).</summary>
    public float[] Lung { get; } = new float[n * n];
    /// <summary>1 where a pneumothorax's pleural space is (no lung tissue there).</summary>
    public float[] Pleural { get; } = new float[n * n];

    /// <summary>The centre of column or row <paramref name="i"/> in image widths.</summary>
    public double At(int i) => (i + 0.5) * Px;
}

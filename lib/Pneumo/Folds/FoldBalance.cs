using Pneumo.Tables;

namespace Pneumo.Folds;

/// <summary>One fold's size and positive share.</summary>
/// <param name="Fold">0-based fold number.</param>
/// <param name="Images">Images in the fold.</param>
/// <param name="Positives">Positives in the fold.</param>
/// <param name="Patients">Distinct patients.</param>
public sealed record FoldBalanceRow(int Fold, int Images, int Positives, int Patients)
{
    /// <summary>Positives / images.</summary>
    public double PositiveShare => Images == 0 ? 0 : (double)Positives / Images;
}

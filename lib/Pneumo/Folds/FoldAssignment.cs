using Pneumo.Tables;

namespace Pneumo.Folds;

/// <summary>The fold assignment with its balance table; reads and writes <c>folds.csv</c>.</summary>
public sealed class FoldAssignment
{
    /// <summary>Wraps an assignment of the samples.</summary>
    public FoldAssignment(IReadOnlyList<FoldSample> samples, IReadOnlyDictionary<string, int> folds, int foldCount)
    {
        Samples = samples;
        Folds = folds;
        FoldCount = foldCount;
    }

    /// <summary>The samples split.</summary>
    public IReadOnlyList<FoldSample> Samples { get; }
    /// <summary>Fold of each ImageId.</summary>
    public IReadOnlyDictionary<string, int> Folds { get; }
    /// <summary>Number of folds.</summary>
    public int FoldCount { get; }

    /// <summary>Splits with <see cref="StratifiedGroupKFold"/>.</summary>
    public static FoldAssignment Create(IReadOnlyList<FoldSample> samples, int folds, int seed) =>
        new(samples, StratifiedGroupKFold.Split(samples, folds, seed), folds);

    /// <summary>Size, positives, positive share and patients per fold.</summary>
    public IReadOnlyList<FoldBalanceRow> Balance() => Enumerable.Range(0, FoldCount).Select(f =>
    {
        var inFold = Samples.Where(s => Folds[s.Id] == f).ToList();
        return new FoldBalanceRow(f, inFold.Count, inFold.Count(s => s.Label == 1), inFold.Select(s => s.Group).Distinct().Count());
    }).ToList();

    /// <summary>Writes <c>folds.csv</c> (ImageId, Label, PatientKey, Fold) and <c>fold-balance.csv</c> beside it.</summary>
    public void Write(string foldsCsv)
    {
        Csv.Write(foldsCsv, ["ImageId", "Label", "PatientKey", "Fold"], Samples.Select(s => new object?[] { s.Id, s.Label, s.Group, Folds[s.Id] }));
        var balance = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(foldsCsv))!, "fold-balance.csv");
        Csv.Write(balance, ["Fold", "Images", "Positives", "PositiveShare", "Patients"],
            Balance().Select(b => new object?[] { b.Fold, b.Images, b.Positives, Math.Round(b.PositiveShare, 4), b.Patients }));
    }

    /// <summary>Reads <c>folds.csv</c>.</summary>
    public static FoldAssignment Read(string foldsCsv)
    {
        var (header, rows) = Csv.Read(foldsCsv);
        var c = new Csv.Columns(foldsCsv, header);
        var samples = rows.Select(r => new FoldSample(c.Get(r, "ImageId"), c.Int(r, "Label") ?? 0, c.Get(r, "PatientKey"))).ToList();
        var folds = rows.ToDictionary(r => c.Get(r, "ImageId"), r => c.Int(r, "Fold") ?? throw new DataFileException($"{foldsCsv}: missing Fold"), StringComparer.Ordinal);
        return new FoldAssignment(samples, folds, folds.Values.Max() + 1);
    }
}

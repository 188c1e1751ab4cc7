using Pneumo.Data;
using Pneumo.Tables;

namespace Pneumo.Folds;

/// <summary>One fold's make-up beyond the label: who is in it.</summary>
/// <param name="Fold">The fold.</param>
/// <param name="Images">Images.</param>
/// <param name="Patients">Distinct patient keys.</param>
/// <param name="PositiveShare">Share of positives.</param>
/// <param name="ApShare">Share of AP films among those with a view position.</param>
/// <param name="FemaleShare">Share of women among those with sex M or F.</param>
/// <param name="AgeMean">Mean age (missing ages left out).</param>
/// <param name="AgeMedian">Median age.</param>
/// <param name="AgeQ1">First quartile of age.</param>
/// <param name="AgeQ3">Third quartile of age.</param>
public sealed record FoldCovariates(int Fold, int Images, int Patients, double PositiveShare, double ApShare, double FemaleShare,
    double AgeMean, double AgeMedian, double AgeQ1, double AgeQ3);

/// <summary>How unevenly one variable is spread over the folds.</summary>
/// <param name="Variable">positive share, AP share, female share, or age.</param>
/// <param name="MaxDeviation">The largest distance of a fold from the whole set: percentage points for shares, the
/// standardised mean difference (fold mean − overall mean, over the overall standard deviation) for age.</param>
/// <param name="CramersV">Cramér's V of fold × variable (0: the same distribution in every fold; 1: the fold decides
/// the value); for age, of fold × age band.</param>
public sealed record FoldImbalance(string Variable, double MaxDeviation, double CramersV);

/// <summary>
/// The folds checked beyond the label: per fold the positive, AP and female shares and the age distribution, with an
/// imbalance statistic per variable. A split stratified by label only can still put most AP films or older patients
/// into one fold; these figures show whether it did. Patient overlap between folds is checked too.
/// </summary>
public sealed record FoldCovariateBalance(IReadOnlyList<FoldCovariates> Folds, IReadOnlyList<FoldImbalance> Imbalance, IReadOnlyList<string> PatientsInSeveralFolds)
{
    /// <summary>Computes the balance of <paramref name="folds"/> over the rows of <paramref name="clean"/>.</summary>
    /// <exception cref="KeyNotFoundException">An image of the split has no row in the table.</exception>
    public static FoldCovariateBalance Compute(FoldAssignment folds, MetadataTable clean)
    {
        var rows = clean.Rows.ToDictionary(r => r.ImageId, StringComparer.Ordinal);
        var all = folds.Samples.Select(s => (Sample: s, Fold: folds.Folds[s.Id],
            Row: rows.TryGetValue(s.Id, out var r) ? r : throw new KeyNotFoundException($"{s.Id} is in the split but not in the clean table"))).ToList();
        var perFold = Enumerable.Range(0, folds.FoldCount).Select(f =>
        {
            var inFold = all.Where(x => x.Fold == f).ToList();
            var ages = inFold.Select(x => x.Row.PatientAge).OfType<double>().Order().ToList();
            return new FoldCovariates(f, inFold.Count, inFold.Select(x => x.Sample.Group).Distinct().Count(),
                Share(inFold, x => x.Sample.Label == 1, _ => true),
                Share(inFold, x => x.Row.ViewPosition == "AP", x => x.Row.ViewPosition is "AP" or "PA"),
                Share(inFold, x => x.Row.PatientSex == "F", x => x.Row.PatientSex is "F" or "M"),
                Descriptive.Mean(ages), Descriptive.Quantile(ages, 0.5), Descriptive.Quantile(ages, 0.25), Descriptive.Quantile(ages, 0.75));
        }).ToList();

        var imbalance = new List<FoldImbalance>
        {
            Categorical("positive share", "1", all.Select(x => (x.Fold, (string?)(x.Sample.Label == 1 ? "1" : "0"))), perFold.Select(f => f.PositiveShare)),
            Categorical("AP share", "AP", all.Select(x => (x.Fold, x.Row.ViewPosition is "AP" or "PA" ? x.Row.ViewPosition : null)), perFold.Select(f => f.ApShare)),
            Categorical("female share", "F", all.Select(x => (x.Fold, x.Row.PatientSex is "F" or "M" ? x.Row.PatientSex : null)), perFold.Select(f => f.FemaleShare)),
        };
        var allAges = all.Select(x => x.Row.PatientAge).OfType<double>().ToList();
        double mean = Descriptive.Mean(allAges), sd = Descriptive.StandardDeviation(allAges);
        imbalance.Add(new FoldImbalance("age", perFold.Max(f => Math.Abs(f.AgeMean - mean)) / sd,
            CramersV(all.Select(x => (x.Fold, AgeBand.Of(x.Row.PatientAge))))));

        var shared = all.GroupBy(x => x.Sample.Group).Where(g => g.Select(x => x.Fold).Distinct().Count() > 1).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        return new FoldCovariateBalance(perFold, imbalance, shared);
    }

    /// <summary>The per-fold table: images, patients, positive / AP / female share, age mean, median and quartiles.</summary>
    public SummaryTable Table() => new(
        ["fold", "images", "patients", "positive share", "AP share", "female share", "age mean", "age median", "age Q1", "age Q3"],
        Folds.Select(f => (IReadOnlyList<object?>)[f.Fold, f.Images, f.Patients, f.PositiveShare, f.ApShare, f.FemaleShare, f.AgeMean, f.AgeMedian, f.AgeQ1, f.AgeQ3]).ToList());

    /// <summary>The imbalance table: one row per variable.</summary>
    public SummaryTable ImbalanceTable() => new(["variable", "largest deviation of a fold", "unit", "Cramér's V"],
        Imbalance.Select(i => (IReadOnlyList<object?>)[i.Variable, i.Variable == "age" ? i.MaxDeviation : 100 * i.MaxDeviation, i.Variable == "age" ? "standardised mean difference" : "percentage points", i.CramersV]).ToList());

    private static FoldImbalance Categorical(string name, string counted, IEnumerable<(int Fold, string? Value)> values, IEnumerable<double> foldShares)
    {
        var list = values.ToList();
        var known = list.Where(v => v.Value is not null).ToList();
        double overall = known.Count == 0 ? double.NaN : (double)known.Count(v => v.Value == counted) / known.Count;
        return new FoldImbalance(name, foldShares.Max(s => Math.Abs(s - overall)), CramersV(list));
    }

    /// <summary>Cramér's V of the contingency table fold × value (missing values left out).</summary>
    private static double CramersV(IEnumerable<(int Fold, string? Value)> pairs)
    {
        var known = pairs.Where(p => p.Value is not null).ToList();
        var folds = known.Select(p => p.Fold).Distinct().ToList();
        var values = known.Select(p => p.Value!).Distinct().ToList();
        if (folds.Count < 2 || values.Count < 2) return 0;
        double n = known.Count, chi2 = 0;
        foreach (var f in folds)
            foreach (var v in values)
            {
                double observed = known.Count(p => p.Fold == f && p.Value == v);
                double expected = known.Count(p => p.Fold == f) * known.Count(p => p.Value == v) / n;
                chi2 += (observed - expected) * (observed - expected) / expected;
            }
        return Math.Sqrt(chi2 / (n * (Math.Min(folds.Count, values.Count) - 1)));
    }

    private static double Share<T>(List<T> items, Func<T, bool> yes, Func<T, bool> counted)
    {
        var c = items.Where(counted).ToList();
        return c.Count == 0 ? double.NaN : (double)c.Count(yes) / c.Count;
    }
}

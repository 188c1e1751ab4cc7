using System.Globalization;
using Pneumo.Data;
using Pneumo.Tables;

namespace Pneumo.Metrics;

/// <summary>
/// The tables a pandas user reaches for, on the metadata table: <see cref="Describe"/>, <see cref="ValueCounts"/>,
/// <see cref="Crosstab"/>, plus the label's rate per group with Wilson intervals and the missing values per column.
/// Missing values are left out of every statistic and counted apart (Microsoft.Data.Analysis's <c>Mean()</c> divides
/// by all rows, nulls included, so the mean age of a column with missing ages comes out too low). Columns are named
/// as in <see cref="ImageMetadata.ColumnNames"/>, plus <c>AgeBand</c> (<see cref="Data.AgeBand"/>).
/// </summary>
public static class MetadataSummaries
{
    /// <summary>The label written for a missing value in counts and crosstabs.</summary>
    public const string Missing = "(missing)";

    /// <summary>The numeric columns <see cref="Describe"/> summarises by default.</summary>
    public static readonly IReadOnlyList<string> NumericColumns = ["PatientAge", "Label", "MaskRows", "MaskArea", "PixelSpacingRow", "FileSize"];

    /// <summary>The value of <paramref name="column"/> in <paramref name="row"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such column.</exception>
    public static object? ValueOf(ImageMetadata row, string column)
    {
        if (column == "AgeBand") return AgeBand.Of(row.PatientAge);
        int i = Array.IndexOf(ImageMetadata.ColumnNames, column);
        if (i < 0) throw new KeyNotFoundException($"no column '{column}' (columns: {string.Join(", ", ImageMetadata.ColumnNames)}, AgeBand)");
        return row.Values()[i];
    }

    /// <summary>
    /// count (present values), missing, mean, std (n − 1), min, 25%, 50%, 75%, max of each numeric column — one row per
    /// column, or per column and group of <paramref name="by"/> (e.g. age by label).
    /// </summary>
    public static SummaryTable Describe(this MetadataTable table, string? by = null, params string[] columns)
    {
        var names = columns.Length > 0 ? columns : NumericColumns.ToArray();
        var rows = new List<IReadOnlyList<object?>>();
        var groups = by is null
            ? [(Key: (string?)null, Rows: table.Rows)]
            : table.Rows.GroupBy(r => Text(ValueOf(r, by))).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Key: (string?)g.Key, Rows: (IReadOnlyList<ImageMetadata>)g.ToList())).ToList();
        foreach (var name in names)
            foreach (var (key, groupRows) in groups)
            {
                var values = new List<double>();
                int missing = 0;
                foreach (var r in groupRows)
                {
                    if (ToDouble(ValueOf(r, name)) is { } v) values.Add(v);
                    else missing++;
                }
                values.Sort();
                var stats = new object?[] { values.Count, missing, Descriptive.Mean(values), Descriptive.StandardDeviation(values), Descriptive.Quantile(values, 0), Descriptive.Quantile(values, 0.25), Descriptive.Quantile(values, 0.5), Descriptive.Quantile(values, 0.75), Descriptive.Quantile(values, 1) };
                rows.Add(by is null ? [name, .. stats] : [name, key, .. stats]);
            }
        string[] head = ["count", "missing", "mean", "std", "min", "25%", "50%", "75%", "max"];
        return new SummaryTable(by is null ? ["column", .. head] : ["column", by, .. head], rows);
    }

    /// <summary>Each value of <paramref name="column"/> with its count and share, most frequent first; missing values as <see cref="Missing"/>.</summary>
    public static SummaryTable ValueCounts(this MetadataTable table, string column)
    {
        int n = table.Rows.Count;
        var rows = table.Rows.GroupBy(r => Text(ValueOf(r, column)))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<object?>)[g.Key, g.Count(), n == 0 ? double.NaN : (double)g.Count() / n]).ToList();
        return new SummaryTable([column, "count", "share"], rows);
    }

    /// <summary>
    /// Counts of <paramref name="rowColumns"/> (one or more, e.g. view and sex) against the values of
    /// <paramref name="column"/> (e.g. the label), with an <c>All</c> column and row, as <c>pandas.crosstab(margins=True)</c>.
    /// </summary>
    public static SummaryTable Crosstab(this MetadataTable table, IReadOnlyList<string> rowColumns, string column)
    {
        var columnValues = table.Rows.Select(r => Text(ValueOf(r, column))).Distinct().Order(StringComparer.Ordinal).ToList();
        var groups = table.Rows.GroupBy(r => string.Join("\u0001", rowColumns.Select(c => Text(ValueOf(r, c)))))
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var g in groups)
        {
            var keys = g.Key.Split('\u0001');
            var counts = columnValues.Select(v => (object?)g.Count(r => Text(ValueOf(r, column)) == v));
            rows.Add([.. keys, .. counts, g.Count()]);
        }
        var totals = columnValues.Select(v => (object?)table.Rows.Count(r => Text(ValueOf(r, column)) == v));
        rows.Add([.. Enumerable.Repeat<object?>("All", 1), .. Enumerable.Repeat<object?>("", rowColumns.Count - 1), .. totals, table.Rows.Count]);
        return new SummaryTable([.. rowColumns, .. columnValues.Select(v => $"{column} {v}"), "All"], rows);
    }

    /// <summary>
    /// The share of positive images per value of <paramref name="column"/> (e.g. the pneumothorax rate by view) with its
    /// 95% Wilson interval; images without a label are left out.
    /// </summary>
    public static SummaryTable LabelRates(this MetadataTable table, string column)
    {
        var rows = table.Rows.Where(r => r.Label is not null).GroupBy(r => Text(ValueOf(r, column))).OrderBy(g => Rank(column, g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                int n = g.Count(), positives = g.Count(r => r.Label == 1);
                var ci = WilsonInterval.Compute(positives, n);
                return (IReadOnlyList<object?>)[g.Key, n, positives, ci.Estimate, ci.Lower, ci.Upper];
            }).ToList();
        return new SummaryTable([column, "images", "positives", "rate", "lower 95%", "upper 95%"], rows);
    }

    /// <summary>Missing values per column (empty strings count as missing), for every column that has any.</summary>
    public static SummaryTable MissingValues(this MetadataTable table)
    {
        int n = table.Rows.Count;
        var rows = ImageMetadata.ColumnNames.Where(c => c != "Flags")
            .Select(c => (Column: c, Missing: table.Rows.Count(r => ValueOf(r, c) is null or "")))
            .Where(x => x.Missing > 0)
            .Select(x => (IReadOnlyList<object?>)[x.Column, x.Missing, n == 0 ? double.NaN : (double)x.Missing / n]).ToList();
        return new SummaryTable(["column", "missing", "share"], rows);
    }

    /// <summary>Age bands in age order, missing last; other values alphabetically.</summary>
    private static int Rank(string column, string key) => key == Missing ? int.MaxValue : column == "AgeBand" ? AgeBand.Names.ToList().IndexOf(key) : 0;

    private static string Text(object? value) => value switch
    {
        null or "" => Missing,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? Missing,
    };

    private static double? ToDouble(object? value) => value switch
    {
        double d when !double.IsNaN(d) => d,
        int i => i,
        long l => l,
        _ => null,
    };

}

namespace Pneumo.Tables;

/// <summary>A small result table (a summary, a count, a crosstab): named columns and rows of values.</summary>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">One value per column in each row; null is a missing value.</param>
public sealed record SummaryTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>The value in row <paramref name="row"/> of column <paramref name="column"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such column.</exception>
    public object? this[int row, string column]
    {
        get
        {
            int c = IndexOf(column);
            return Rows[row][c];
        }
    }

    /// <summary>The first row whose first column equals <paramref name="key"/> (e.g. a value of a count table).</summary>
    /// <exception cref="KeyNotFoundException">No such row.</exception>
    public IReadOnlyList<object?> Row(string key) =>
        Rows.FirstOrDefault(r => Equals(r[0]?.ToString(), key)) ?? throw new KeyNotFoundException($"no row '{key}' in the table ({string.Join(", ", Columns)})");

    /// <summary>The index of <paramref name="column"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such column.</exception>
    public int IndexOf(string column)
    {
        for (int i = 0; i < Columns.Count; i++) if (Columns[i] == column) return i;
        throw new KeyNotFoundException($"no column '{column}' (columns: {string.Join(", ", Columns)})");
    }
}

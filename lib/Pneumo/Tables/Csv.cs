using System.Globalization;
using System.Text;
using Pneumo.IO;

namespace Pneumo.Tables;

/// <summary>
/// Minimal RFC 4180 CSV: fields quoted when they hold a comma, quote or line break; numbers in the invariant culture
/// with round-trip precision. Files are written through a temporary file and a rename.
/// </summary>
public static class Csv
{
    /// <summary>Formats one value: null as empty, numbers invariant, text quoted when needed.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        double d => double.IsNaN(d) ? "" : d.ToString("R", CultureInfo.InvariantCulture),
        float f => float.IsNaN(f) ? "" : f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => Quote(x.ToString(null, CultureInfo.InvariantCulture)),
        _ => Quote(value.ToString() ?? ""),
    };

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>Writes a header and rows atomically.</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', header.Select(Quote)).Append('\n');
        foreach (var row in rows) sb.AppendJoin(',', row.Select(Format)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Reads a CSV file into a header and rows of fields.</summary>
    /// <exception cref="DataFileException">An unterminated quote, naming the file and line.</exception>
    public static (string[] Header, List<string[]> Rows) Read(string path)
    {
        var text = File.ReadAllText(path);
        var records = new List<string[]>();
        var field = new StringBuilder();
        var record = new List<string>();
        bool quoted = false;
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"': quoted = true; break;
                case ',': record.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    record.Add(field.ToString()); field.Clear();
                    records.Add(record.ToArray()); record.Clear();
                    line++;
                    break;
                default: field.Append(ch); break;
            }
        }
        if (quoted) throw new DataFileException(path, line, "unterminated quoted field");
        if (field.Length > 0 || record.Count > 0) { record.Add(field.ToString()); records.Add(record.ToArray()); }
        if (records.Count == 0) throw new DataFileException($"{path}: empty CSV file");
        return (records[0], records.Skip(1).Where(r => !(r.Length == 1 && r[0].Length == 0)).ToList());
    }

    /// <summary>Column accessor by name for rows read with <see cref="Read"/>.</summary>
    public sealed class Columns(string path, string[] header)
    {
        private readonly Dictionary<string, int> _index = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);

        /// <summary>True when the file has column <paramref name="name"/> (for columns added in later versions).</summary>
        public bool Has(string name) => _index.ContainsKey(name);

        /// <summary>The field of column <paramref name="name"/>.</summary>
        /// <exception cref="DataFileException">The column is missing.</exception>
        public string Get(string[] row, string name)
        {
            if (!_index.TryGetValue(name, out var i)) throw new DataFileException($"{path}: no column '{name}'");
            return i < row.Length ? row[i] : "";
        }

        /// <summary>The field as a nullable number.</summary>
        public double? Double(string[] row, string name) =>
            double.TryParse(Get(row, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

        /// <summary>The field as a nullable integer.</summary>
        public int? Int(string[] row, string name) =>
            int.TryParse(Get(row, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

        /// <summary>The field, null when empty.</summary>
        public string? Text(string[] row, string name) => Get(row, name) is { Length: > 0 } s ? s : null;
    }
}

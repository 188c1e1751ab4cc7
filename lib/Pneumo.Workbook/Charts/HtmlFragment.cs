using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace Pneumo.Charts;

/// <summary>A piece of HTML for a notebook output: tables, thumbnails, galleries (the notebook setup registers it as text/html).</summary>
/// <param name="Markup">The HTML.</param>
public sealed record HtmlFragment(string Markup)
{
    /// <summary>A DataFrame as an HTML table (first <paramref name="maxRows"/> rows; numbers rounded for reading).</summary>
    public static HtmlFragment Table(DataFrame frame, int maxRows = 15)
    {
        var sb = new StringBuilder("<table class=\"pneumo-table\"><thead><tr>");
        foreach (var column in frame.Columns) sb.Append("<th>").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        long rows = Math.Min(frame.Rows.Count, maxRows);
        for (long r = 0; r < rows; r++)
        {
            sb.Append("<tr>");
            foreach (var column in frame.Columns) sb.Append("<td>").Append(WebUtility.HtmlEncode(Format(column[r]))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (frame.Rows.Count > maxRows) sb.Append(CultureInfo.InvariantCulture, $"<p class=\"pneumo-note\">{maxRows} of {frame.Rows.Count} rows</p>");
        return new HtmlFragment(sb.ToString());
    }

    /// <summary>Rows of strings as an HTML table.</summary>
    public static HtmlFragment Table(IReadOnlyList<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var sb = new StringBuilder("<table class=\"pneumo-table\"><thead><tr>");
        foreach (var h in header) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var v in row) sb.Append("<td>").Append(WebUtility.HtmlEncode(Format(v))).Append("</td>");
            sb.Append("</tr>");
        }
        return new HtmlFragment(sb.Append("</tbody></table>").ToString());
    }

    /// <summary>A summary table (<see cref="Pneumo.Tables.SummaryTable"/>: Describe, ValueCounts, Crosstab, subgroups…) as an HTML table.</summary>
    public static HtmlFragment Table(Pneumo.Tables.SummaryTable table) => Table(table.Columns, table.Rows);

    /// <summary>Sentences for a reader: the finding of the cell above, written from its figures.</summary>
    public static HtmlFragment Finding(string text) =>
        new($"<p class=\"pneumo-finding\" style=\"border-left:3px solid #4a7;padding-left:8px\">{WebUtility.HtmlEncode(text)}</p>");

    /// <summary>PNG images side by side with captions.</summary>
    public static HtmlFragment Gallery(IEnumerable<(byte[] Png, string Caption)> images, int width = 256)
    {
        var sb = new StringBuilder("<div class=\"pneumo-gallery\" style=\"display:flex;flex-wrap:wrap;gap:8px\">");
        foreach (var (png, caption) in images)
            sb.Append(CultureInfo.InvariantCulture, $"<figure style=\"margin:0;width:{width}px\"><img style=\"width:{width}px\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"/>")
              .Append("<figcaption style=\"font-size:12px\">").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption></figure>");
        return new HtmlFragment(sb.Append("</div>").ToString());
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => double.IsNaN(d) ? "" : d.ToString(Math.Abs(d) >= 1000 || d == Math.Floor(d) ? "0.##" : "0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

using System.Net;
using System.Text;
using Markdig;
using Microsoft.DotNet.Interactive.Documents;
using System.Globalization;
using Pneumo.Runs;
using Pneumo.Charts;
using Pneumo.Runner.Display;
using Pneumo.Training;
using Pneumo.Workbook;

namespace Pneumo.Runner;

/// <summary>
/// Renders executed notebooks as a static site viewable with no network: <c>index.html</c>, one page per notebook
/// (markdown rendered, code shown, outputs embedded: HTML, charts, PNG images, text), and <c>plotly.min.js</c> beside
/// them (the copy bundled in Plotly.NET), referenced by a relative path.
/// </summary>
public static class SiteRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private const string Style = """
        body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222;line-height:1.5}
        pre{background:#f6f8fa;padding:8px 12px;overflow-x:auto;border-radius:4px;font-size:13px}
        pre.code{border-left:3px solid #4c8bf5} pre.stderr,pre.error{background:#fff0f0;border-left:3px solid #d33}
        .pneumo-table{border-collapse:collapse;font-size:13px;margin:8px 0} .pneumo-table td,.pneumo-table th{border:1px solid #ddd;padding:3px 8px;text-align:right}
        .pneumo-table th{background:#f0f3f7} nav{margin-bottom:16px} .cell{margin:12px 0} .output{margin:6px 0 18px 0}
        """;

    /// <summary>
    /// Writes the site; returns the path of index.html. The index opens with <paramref name="headline"/> (the latest
    /// run), and <c>runs.html</c> compares <paramref name="runs"/>.
    /// </summary>
    public static string Render(string folder, IReadOnlyList<(string Name, InteractiveDocument Document)> notebooks, string title, string footer,
        SiteHeadline? headline = null, IReadOnlyList<RunSummary>? runs = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "plotly.min.js"), PlotlyOutput.PlotlyScript);
        var index = new StringBuilder(Head(title));
        index.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        if (headline is not null) index.Append(headline.ToHtml());
        else index.Append("<p>No finished run yet: run <code>./pneumo workbook</code>.</p>");
        index.Append("<h2>The notebooks</h2><ol>");
        foreach (var (name, document) in notebooks)
        {
            var heading = document.Elements.FirstOrDefault(e => e.KernelName == "markdown")?.Contents.Split('\n')[0].TrimStart('#', ' ') ?? name;
            index.Append($"<li><a href=\"{name}.html\">{WebUtility.HtmlEncode(heading)}</a></li>");
            File.WriteAllText(Path.Combine(folder, name + ".html"), Page(name, heading, document, footer));
        }
        index.Append("</ol>");
        if (runs is { Count: > 0 }) index.Append(CultureInfo.InvariantCulture, $"<p><a href=\"runs.html\">Run comparison</a>: {runs.Count} run(s) in results/runs.</p>");
        index.Append("<p>").Append(WebUtility.HtmlEncode(footer)).Append("</p></body></html>");
        File.WriteAllText(Path.Combine(folder, "runs.html"), RunsPage(runs ?? [], footer));
        var path = Path.Combine(folder, "index.html");
        File.WriteAllText(path, index.ToString());
        return path;
    }

    private static string RunsPage(IReadOnlyList<RunSummary> runs, string footer)
    {
        var sb = new StringBuilder(Head("Run comparison"));
        sb.Append("<nav><a href=\"index.html\">← all notebooks</a></nav><h1>Run comparison</h1>");
        sb.Append("<p>Every run folder under <code>results/runs</code>, oldest first: its parameters that differ from the defaults, pooled out-of-fold results and each fold's AUC. Unfinished runs are marked.</p>");
        if (runs.Count == 0) sb.Append("<p>No runs yet.</p>");
        else
        {
            sb.Append(Exploration.RunTable(runs).Markup);
            if (runs.Any(r => r.Finished))
            {
                var chart = StudyCharts.RunComparison(runs);
                sb.Append(PlotlyOutput.Html(chart.FigureJson, chart.Height, withLibrary: false));
            }
        }
        return sb.Append("<hr><p>").Append(WebUtility.HtmlEncode(footer)).Append("</p></body></html>").ToString();
    }

    private static string Head(string title) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><style>{Style}</style><script src=\"plotly.min.js\"></script></head><body>";

    private static string Page(string name, string heading, InteractiveDocument document, string footer)
    {
        var sb = new StringBuilder(Head(heading));
        sb.Append("<nav><a href=\"index.html\">← all notebooks</a> · <a href=\"notebooks/").Append(name).Append(".ipynb\">executed notebook</a></nav>");
        foreach (var cell in document.Elements)
        {
            sb.Append("<div class=\"cell\">");
            if (cell.KernelName == "markdown") sb.Append(Markdown.ToHtml(cell.Contents, Pipeline));
            else
            {
                sb.Append("<pre class=\"code\">").Append(WebUtility.HtmlEncode(cell.Contents)).Append("</pre><div class=\"output\">");
                foreach (var output in cell.Outputs) sb.Append(Output(output));
                sb.Append("</div>");
            }
            sb.Append("</div>");
        }
        return sb.Append("<hr><p>").Append(WebUtility.HtmlEncode(footer)).Append("</p></body></html>").ToString();
    }

    private static string Output(InteractiveDocumentOutputElement output) => output switch
    {
        DisplayElement d when d.Data.TryGetValue(PlotlyOutput.MimeType, out var figure) && figure?.ToString() is { } json =>
            PlotlyOutput.Html(json, PlotlyOutput.HeightOf(json), withLibrary: false), // the page loads plotly.min.js once
        DisplayElement d when d.Data.TryGetValue("text/html", out var html) => html?.ToString() ?? "",
        DisplayElement d when d.Data.TryGetValue("image/png", out var png) => $"<img src=\"data:image/png;base64,{png}\"/>",
        DisplayElement d when d.Data.TryGetValue("text/plain", out var text) => $"<pre>{WebUtility.HtmlEncode(text?.ToString())}</pre>",
        TextElement t => $"<pre class=\"{t.Name}\">{WebUtility.HtmlEncode(t.Text)}</pre>",
        ErrorElement e => $"<pre class=\"error\">{WebUtility.HtmlEncode(e.ErrorName + ": " + e.ErrorValue)}</pre>",
        _ => "",
    };
}

using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using Pneumo.Charts;

namespace Pneumo.Runner.Display;

/// <summary>
/// The notebooks' output formatters, registered once per process by the hosts (the Jupyter kernel, the runner) and by
/// <c>setup.csx</c>: charts (ours and Plotly.NET's own) as Plotly's MIME type with an offline HTML fallback, HTML
/// fragments, DataFrames as tables, progress views, clear-output requests.
/// </summary>
public static class NotebookDisplay
{
    private static int _registered;

    /// <summary>Registers the formatters (idempotent).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Formatter.Register<StudyChart>((chart, writer) => writer.Write(chart.FigureJson), PlotlyOutput.MimeType);
        Formatter.Register<StudyChart>((chart, writer) => writer.Write(PlotlyOutput.FallbackHtml(chart.FigureJson, chart.Height)), "text/html");
        Formatter.Register<StudyChart>((chart, writer) => writer.Write($"chart: {chart.Title}"), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(StudyChart), PlotlyOutput.MimeType, "text/html", "text/plain");

        // A chart built in a cell with Plotly.NET's API: the same outputs (Plotly.NET.Interactive would fetch plotly.js from a CDN).
        Formatter.Register(typeof(GenericChart), (value, writer) => writer.Write(PlotlyOutput.FigureOf((GenericChart)value)), PlotlyOutput.MimeType);
        Formatter.Register(typeof(GenericChart), (value, writer) =>
        {
            var figure = PlotlyOutput.FigureOf((GenericChart)value);
            writer.Write(PlotlyOutput.FallbackHtml(figure, PlotlyOutput.HeightOf(figure)));
        }, "text/html");
        Formatter.Register(typeof(GenericChart), (_, writer) => writer.Write("Plotly.NET chart"), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), PlotlyOutput.MimeType, "text/html", "text/plain");

        Formatter.Register<HtmlFragment>((fragment, writer) => writer.Write(fragment.Markup), "text/html");
        Formatter.Register<DataFrame>((frame, writer) => writer.Write(HtmlFragment.Table(frame).Markup), "text/html");
        Formatter.Register<Pneumo.Tables.SummaryTable>((table, writer) => writer.Write(HtmlFragment.Table(table).Markup), "text/html");
        Formatter.Register<ProgressView>((view, writer) => writer.Write(view.ToHtml()), "text/html");
        Formatter.Register<ProgressView>((view, writer) => writer.Write(view.Text), "text/plain");
        Formatter.Register<ClearOutput>((request, writer) => writer.Write(request.Wait ? "wait" : "now"), ClearOutput.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(ClearOutput), ClearOutput.MimeType);
    }
}

using System.Text.Json.Nodes;
using Plotly.NET;

namespace Pneumo.Charts;

/// <summary>
/// A chart built with Plotly.NET, kept as its Plotly figure (data + layout JSON). <see cref="ToHtml"/> gives a
/// self-contained fragment that draws it with the plotly.js the page already holds (<see cref="PlotlyScript"/>), so
/// pages work with no network.
/// </summary>
public sealed class StudyChart
{
    private static int _counter;
    private readonly JsonObject _figure;

    /// <summary>Wraps a Plotly.NET chart and sets the title and axis titles.</summary>
    public StudyChart(GenericChart chart, string title, string? xTitle = null, string? yTitle = null, int height = 380)
    {
        _figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        var layout = _figure["layout"] as JsonObject ?? new JsonObject();
        _figure["layout"] = layout;
        layout["title"] = new JsonObject { ["text"] = title };
        if (xTitle is not null) layout["xaxis"] = Merge(layout["xaxis"], new JsonObject { ["title"] = new JsonObject { ["text"] = xTitle } });
        if (yTitle is not null) layout["yaxis"] = Merge(layout["yaxis"], new JsonObject { ["title"] = new JsonObject { ["text"] = yTitle } });
        layout["height"] = height;
        layout["margin"] = new JsonObject { ["t"] = 50, ["l"] = 60, ["r"] = 20, ["b"] = 50 };
        Title = title;
    }

    /// <summary>The chart title.</summary>
    public string Title { get; }

    /// <summary>The Plotly figure as JSON.</summary>
    public string FigureJson => _figure.ToJsonString();

    /// <summary>Sets a layout property (e.g. <c>barmode</c>, <c>xaxis.range</c>) from JSON.</summary>
    public StudyChart WithLayout(string name, JsonNode value)
    {
        var layout = (JsonObject)_figure["layout"]!;
        var parts = name.Split('.');
        JsonObject target = layout;
        foreach (var part in parts[..^1]) target = (JsonObject)(target[part] ??= new JsonObject());
        target[parts[^1]] = value;
        return this;
    }

    /// <summary>A div and a script calling <c>Plotly.newPlot</c>; needs plotly.js on the page.</summary>
    public string ToHtml()
    {
        var id = $"pneumo-chart-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..40];
        return $"<div id=\"{id}\" class=\"pneumo-chart\" style=\"width:100%;min-height:{_figure["layout"]!["height"]}px\"></div>" +
               $"<script type=\"text/javascript\">(function(){{var f={FigureJson};" +
               $"if (window.Plotly) {{ Plotly.newPlot('{id}', f.data, f.layout, {{responsive: true, displaylogo: false}}); }}" +
               $" else {{ document.getElementById('{id}').innerText = 'plotly.js is not loaded on this page'; }} }})();</script>";
    }

    /// <summary>The plotly.js bundled in Plotly.NET (minified), to inline once per page.</summary>
    public static string PlotlyScript
    {
        get
        {
            var assembly = typeof(GenericChart).Assembly;
            var name = assembly.GetManifestResourceNames().First(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly", StringComparison.OrdinalIgnoreCase));
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    private static JsonObject Merge(JsonNode? existing, JsonObject add)
    {
        var result = existing as JsonObject ?? new JsonObject();
        foreach (var (key, value) in add.ToList()) { add.Remove(key); result[key] = value; }
        return result;
    }
}

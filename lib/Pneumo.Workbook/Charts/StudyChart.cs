using System.Text.Json.Nodes;
using Plotly.NET;

namespace Pneumo.Charts;

/// <summary>
/// A chart built with Plotly.NET, kept as its Plotly figure (data + layout JSON). How it is drawn is the
/// presentation's business (Pneumo.Runner's <c>PlotlyOutput</c>: the Plotly MIME type for VS Code and JupyterLab, an
/// offline HTML fallback for classic Notebook, nbconvert and the site).
/// </summary>
public sealed class StudyChart
{
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

    /// <summary>Asymmetric error bars on the first trace (e.g. a confidence interval around each point), vertical or horizontal.</summary>
    public StudyChart WithErrorBars(IReadOnlyList<double> plus, IReadOnlyList<double> minus, bool horizontal = false)
    {
        if (_figure["data"] is JsonArray { Count: > 0 } data && data[0] is JsonObject trace)
            trace[horizontal ? "error_x" : "error_y"] = new JsonObject
            {
                ["type"] = "data", ["symmetric"] = false, ["visible"] = true,
                ["array"] = new JsonArray(plus.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                ["arrayminus"] = new JsonArray(minus.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            };
        return this;
    }

    /// <summary>The chart's height in pixels (layout.height).</summary>
    public int Height => _figure["layout"]?["height"]?.GetValue<int>() ?? 380;

    private static JsonObject Merge(JsonNode? existing, JsonObject add)
    {
        var result = existing as JsonObject ?? new JsonObject();
        foreach (var (key, value) in add.ToList()) { add.Remove(key); result[key] = value; }
        return result;
    }
}

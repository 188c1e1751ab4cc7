using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Plotly.NET;

namespace Pneumo.Runner.Display;

/// <summary>
/// How a Plotly figure reaches a front end, as plotly.py's default notebook renderer does it: the MIME type
/// <c>application/vnd.plotly.v1+json</c> (drawn natively by VS Code's notebook renderers and by JupyterLab) plus a
/// <c>text/html</c> fallback for classic Notebook and nbconvert's HTML. The fallback of the first chart of each kernel
/// session carries plotly.js itself (the copy bundled in Plotly.NET, never a CDN), so it works offline.
/// </summary>
public static class PlotlyOutput
{
    /// <summary>Plotly's MIME type: the figure (data and layout) as a JSON object.</summary>
    public const string MimeType = "application/vnd.plotly.v1+json";

    private static readonly ConditionalWeakTable<Microsoft.DotNet.Interactive.Kernel, object> LibrarySent = new();
    private static readonly Lazy<string> Library = new(ReadLibrary);

    /// <summary>The plotly.js bundled in Plotly.NET (minified).</summary>
    public static string PlotlyScript => Library.Value;

    /// <summary>
    /// The HTML fallback: a chart container and a script that draws it once plotly.js is on the page. The first
    /// fallback of a kernel session (or every one, outside a kernel) carries plotly.js.
    /// </summary>
    public static string FallbackHtml(string figureJson, int height)
    {
        var root = KernelInvocationContext.Current?.HandlingKernel?.RootKernel;
        bool withLibrary = root is null || LibrarySent.TryAdd(root, new object());
        return Html(figureJson, height, withLibrary);
    }

    /// <summary>A chart container with its drawing script; <paramref name="withLibrary"/> inlines plotly.js before it.</summary>
    public static string Html(string figureJson, int height, bool withLibrary)
    {
        var id = "pneumo-chart-" + Guid.NewGuid().ToString("N")[..16];
        var library = withLibrary ? LibraryScript() : "";
        return $"<div id=\"{id}\" class=\"pneumo-chart\" style=\"width:100%;min-height:{height}px\"></div>{library}" +
               "<script type=\"text/javascript\">(function(){" +
               $"var f={EscapeForScript(figureJson)},id='{id}',tries=0;" +
               "function draw(){if(!window.Plotly)return false;window.Plotly.newPlot(id,f.data,f.layout,{responsive:true,displaylogo:false});return true;}" +
               "if(draw())return;var t=setInterval(function(){if(draw()){clearInterval(t);}else if(++tries>150){clearInterval(t);" +
               "var e=document.getElementById(id);if(e)e.innerText='plotly.js is not loaded on this page: run the notebook from its first cell';}},100);})();</script>";
    }

    /// <summary>
    /// plotly.js as an inline script that always defines <c>window.Plotly</c>: the UMD bundle is evaluated with
    /// <c>define</c>, <c>module</c> and <c>exports</c> hidden, because classic Notebook's require.js would otherwise
    /// take it as an AMD module and leave <c>window.Plotly</c> undefined.
    /// </summary>
    private static string LibraryScript() =>
        "<script type=\"text/javascript\">if(!window.Plotly){(function(define,module,exports){" + EscapeForScript(Library.Value) +
        "\n}).call(window);}</script>";

    /// <summary>The figure of a Plotly.NET chart built in a cell with Plotly.NET's own API.</summary>
    public static string FigureOf(GenericChart chart) => GenericChart.toFigureJson(chart);

    /// <summary>The layout height of a figure, 450 (Plotly's default) when unset.</summary>
    public static int HeightOf(string figureJson) =>
        JsonNode.Parse(figureJson)?["layout"]?["height"] is JsonValue v && v.TryGetValue<int>(out var h) ? h : 450;

    private static string EscapeForScript(string text) => text.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);

    private static string ReadLibrary()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().First(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly", StringComparison.OrdinalIgnoreCase));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

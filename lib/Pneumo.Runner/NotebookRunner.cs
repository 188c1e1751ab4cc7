using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Pneumo.IO;
using Pneumo.Runner.Display;
using Pneumo.Runner.Execution;
using Pneumo.Workbook;

namespace Pneumo.Runner;

/// <summary>A cell failed: which notebook, which cell (1-based, counting all cells), and the kernel's error.</summary>
public sealed class NotebookCellException(string notebook, int cell, string error, bool interrupted = false)
    : Exception($"{notebook}: cell {cell} {(interrupted ? "was interrupted" : "failed")}: {error}")
{
    /// <summary>The notebook file.</summary>
    public string Notebook { get; } = notebook;
    /// <summary>1-based cell number.</summary>
    public int Cell { get; } = cell;
    /// <summary>The kernel's message.</summary>
    public string Error { get; } = error;
    /// <summary>True when the cell ended because the run was cancelled (Ctrl+C).</summary>
    public bool Interrupted { get; } = interrupted;
}

/// <summary>
/// Runs a .ipynb in a fresh in-process C# kernel (the stock tools cannot load Plotly.NET 6, see environment.md): every
/// code cell in order, outputs recorded as Jupyter records them (consecutive stream writes in one block, displays
/// updated in place, <c>clear_output</c> honoured), stopping at the first failing cell. Parameters are injected as
/// papermill does: a cell tagged <c>injected-parameters</c> right after the cell tagged <c>parameters</c>. The working
/// folder is the notebook's own, as in VS Code, so <c>#load "setup.csx"</c> and relative paths work the same.
/// </summary>
public static class NotebookRunner
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Tag of the cell that holds a notebook's parameters (papermill's convention).</summary>
    public const string ParametersTag = "parameters";
    /// <summary>Tag of the cell inserted after it with the values given on the command line.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>
    /// Executes <paramref name="path"/> with <paramref name="parameters"/> (name → value, checked against
    /// <see cref="StudyParameters"/>); returns the document with outputs. <paramref name="log"/> receives a line per
    /// cell, and <paramref name="onOutput"/> every output as it arrives. Cancelling <paramref name="cancel"/> interrupts
    /// the running cell. Throws <see cref="NotebookCellException"/> on a failing cell (the partial document is in its Data).
    /// </summary>
    public static async Task<InteractiveDocument> RunAsync(string path, IReadOnlyDictionary<string, string>? parameters = null, Action<string>? log = null,
        Action<CellOutput>? onOutput = null, CancellationToken cancel = default)
    {
        var document = Notebook.Parse(await File.ReadAllTextAsync(path, cancel), new KernelInfoCollection { new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", "C#") });
        InjectParameters(document, parameters ?? new Dictionary<string, string>(), path);
        await OneAtATime.WaitAsync(cancel); // the working folder is process-wide
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var executor = new CellExecutor();
            using var interrupt = cancel.Register(executor.Interrupt);
            int number = 0, executed = 0;
            foreach (var cell in document.Elements)
            {
                number++;
                if (cell.KernelName is "markdown" || string.IsNullOrWhiteSpace(cell.Contents)) continue;
                cancel.ThrowIfCancellationRequested();
                cell.Outputs.Clear();
                executed++;
                log?.Invoke($"{Path.GetFileName(path)}: cell {number}");
                var recorder = new OutputRecorder(cell.Outputs);
                var result = await executor.RunAsync(cell.Contents, output =>
                {
                    recorder.Add(output);
                    onOutput?.Invoke(output);
                });
                cell.ExecutionOrder = executed;
                if (!result.Succeeded)
                {
                    cell.Outputs.Add(new ErrorElement(result.ErrorMessage ?? "", result.ErrorName ?? "Error", []));
                    var ex = new NotebookCellException(path, number, result.ErrorMessage ?? "", result.Interrupted || cancel.IsCancellationRequested);
                    ex.Data["document"] = document;
                    throw ex;
                }
            }
            return document;
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            OneAtATime.Release();
        }
    }

    /// <summary>
    /// Inserts the injected-parameters cell (<c>parameters.Name = value;</c> per parameter) after the cell tagged
    /// <c>parameters</c>, replacing an earlier injected cell.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name or a value of the wrong type (one line naming it), or parameters for a notebook without a parameters cell.</exception>
    public static void InjectParameters(InteractiveDocument document, IReadOnlyDictionary<string, string> parameters, string path)
    {
        for (int i = document.Elements.Count - 1; i >= 0; i--)
            if (Tags(document.Elements[i]).Contains(InjectedTag)) document.Elements.RemoveAt(i);
        if (parameters.Count == 0) return;
        var lines = new List<string> { "// Injected parameters (./pneumo notebooks run -p)" };
        foreach (var (name, text) in parameters)
        {
            var parameter = StudyParameters.Find(name);
            var value = StudyParameters.Literal(parameter.Parse(text, $"parameter {name}"));
            lines.Add(parameter.Training
                ? $"parameters.Training = parameters.Training with {{ {parameter.Property.Name} = {value} }};"
                : $"parameters.{parameter.Property.Name} = {value};");
        }
        int at = document.Elements.ToList().FindIndex(e => Tags(e).Contains(ParametersTag));
        if (at < 0) throw new ArgumentException($"{path}: no cell tagged '{ParametersTag}' to inject parameters after");
        var injected = new InteractiveDocumentElement(string.Join("\n", lines), "csharp")
        {
            Metadata = new Dictionary<string, object> { ["tags"] = new[] { InjectedTag } },
        };
        document.Elements.Insert(at + 1, injected);
    }

    private static IEnumerable<string> Tags(InteractiveDocumentElement element) =>
        element.Metadata?.TryGetValue("tags", out var tags) == true && tags is IEnumerable<object> list ? list.Select(t => t?.ToString() ?? "") : [];

    /// <summary>
    /// Writes an executed document as .ipynb. JSON MIME types (Plotly's figure) are written as JSON objects, as
    /// nbformat and the front ends expect, not as text.
    /// </summary>
    public static void Save(InteractiveDocument document, string path)
    {
        var root = JsonNode.Parse(document.ToJupyterJson())!;
        foreach (var cell in root["cells"]!.AsArray())
            foreach (var output in cell?["outputs"]?.AsArray() ?? [])
                if (output?["data"] is JsonObject data)
                    foreach (var key in data.Select(p => p.Key).Where(IsJsonMimeType).ToList())
                    {
                        var text = data[key] is JsonArray parts ? string.Concat(parts.Select(p => p?.GetValue<string>())) : data[key]?.GetValue<string>() ?? "null";
                        data[key] = JsonNode.Parse(text);
                    }
        AtomicFile.WriteAllText(path, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>application/json and every <c>+json</c> type.</summary>
    public static bool IsJsonMimeType(string mimeType) => mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal);

    /// <summary>Turns live outputs into a cell's recorded outputs, as Jupyter front ends keep them.</summary>
    private sealed class OutputRecorder(List<InteractiveDocumentOutputElement> outputs)
    {
        private readonly Dictionary<string, int> _displays = new(StringComparer.Ordinal);
        private bool _clearPending;

        public void Add(CellOutput output)
        {
            if (output is ClearOutputRequest clear)
            {
                if (clear.Wait) _clearPending = true;
                else Clear();
                return;
            }
            if (output is DisplayUpdate update)
            {
                if (_displays.TryGetValue(update.DisplayId, out var index) && index < outputs.Count) outputs[index] = Element(update.Data);
                return;
            }
            if (_clearPending) Clear();
            switch (output)
            {
                case StreamOutput s when outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == s.Name:
                    outputs[^1] = new TextElement(last.Text + s.Text, s.Name);
                    break;
                case StreamOutput s:
                    outputs.Add(new TextElement(s.Text, s.Name));
                    break;
                case DisplayOutput d:
                    if (d.DisplayId is { } id) _displays[id] = outputs.Count;
                    outputs.Add(Element(d.Data));
                    break;
            }
        }

        private void Clear()
        {
            outputs.Clear();
            _displays.Clear();
            _clearPending = false;
        }

        private static DisplayElement Element(IReadOnlyDictionary<string, string> data) => new(data.ToDictionary(p => p.Key, p => (object)p.Value));
    }
}

using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Pneumo.IO;

namespace Pneumo.Runner;

/// <summary>A cell failed: which notebook, which cell (1-based, counting all cells), and the kernel's error.</summary>
public sealed class NotebookCellException(string notebook, int cell, string error)
    : Exception($"{notebook}: cell {cell} failed: {error}")
{
    /// <summary>The notebook file.</summary>
    public string Notebook { get; } = notebook;
    /// <summary>1-based cell number.</summary>
    public int Cell { get; } = cell;
    /// <summary>The kernel's message.</summary>
    public string Error { get; } = error;
}

/// <summary>
/// Runs a .ipynb in a fresh in-process C# kernel (the stock tools cannot load Plotly.NET 6, see environment.md): every
/// code cell in order, outputs recorded as Jupyter outputs, stopping at the first failing cell. The working folder is
/// the notebook's own, as in VS Code, so <c>#load "setup.csx"</c> and relative paths work the same.
/// </summary>
public static class NotebookRunner
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Executes <paramref name="path"/>; returns the document with outputs. Throws <see cref="NotebookCellException"/> on a failing cell (the partial document is in its Data).</summary>
    public static async Task<InteractiveDocument> RunAsync(string path, Action<string>? log = null, CancellationToken cancel = default)
    {
        var document = Notebook.Parse(await File.ReadAllTextAsync(path, cancel), new KernelInfoCollection { new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", "C#") });
        await OneAtATime.WaitAsync(cancel); // the working folder is process-wide
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var kernel = new CompositeKernel { new CSharpKernel().UseKernelHelpers().UseValueSharing() };
            kernel.DefaultKernelName = "csharp";
            int number = 0, executed = 0;
            foreach (var cell in document.Elements)
            {
                number++;
                cancel.ThrowIfCancellationRequested();
                if (cell.KernelName is "markdown" || string.IsNullOrWhiteSpace(cell.Contents)) continue;
                cell.Outputs.Clear();
                executed++;
                log?.Invoke($"{Path.GetFileName(path)}: cell {number}");
                var result = await kernel.SendAsync(new SubmitCode(cell.Contents), cancel);
                cell.ExecutionOrder = executed;
                string? failure = null;
                foreach (var e in result.Events)
                {
                    switch (e)
                    {
                        case ReturnValueProduced r: cell.Outputs.Add(Display(r.FormattedValues)); break;
                        case DisplayedValueProduced d: cell.Outputs.Add(Display(d.FormattedValues)); break;
                        case StandardOutputValueProduced o: cell.Outputs.Add(new TextElement(string.Concat(o.FormattedValues.Select(v => v.Value)), "stdout")); break;
                        case StandardErrorValueProduced o: cell.Outputs.Add(new TextElement(string.Concat(o.FormattedValues.Select(v => v.Value)), "stderr")); break;
                        case CommandFailed f:
                            failure = f.Message;
                            cell.Outputs.Add(new ErrorElement(f.Message, f.Exception?.GetType().Name ?? "Error", []));
                            break;
                    }
                }
                if (failure is not null)
                {
                    var ex = new NotebookCellException(path, number, failure);
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

    private static DisplayElement Display(IEnumerable<FormattedValue> values) =>
        new(values.GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => (object)g.First().Value));

    /// <summary>Writes an executed document as .ipynb.</summary>
    public static void Save(InteractiveDocument document, string path)
    {
        AtomicFile.WriteAllText(path, document.ToJupyterJson());
    }
}

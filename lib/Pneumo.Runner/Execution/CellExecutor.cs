using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Pneumo.Runner.Display;

namespace Pneumo.Runner.Execution;

/// <summary>
/// One in-process C# kernel that runs cells one at a time, shared by the Jupyter kernel and the headless runner:
/// outputs are handed on while the cell runs, in order, and an interrupt ends the cell. Roslyn scripting does not stop
/// running code when cancelled, so an interrupt (1) cancels <see cref="Cell.Cancellation"/>, which the library's long
/// operations check at every batch, and (2) after a grace period, interrupts the thread running the cell when it is
/// blocked in a sleep or wait (a cell's synchronous code runs on the thread that entered the kernel's pipeline).
/// </summary>
public sealed class CellExecutor : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private readonly CSharpKernel _csharp;
    private volatile Thread? _cellThread;
    private volatile CancellationTokenSource? _running;
    private volatile bool _interrupted;

    /// <summary>A fresh C# kernel with the notebooks' formatters.</summary>
    public CellExecutor()
    {
        NotebookDisplay.Register();
        _csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        Kernel = new CompositeKernel { _csharp };
        Kernel.DefaultKernelName = "csharp";
        _csharp.AddMiddleware(async (command, context, next) =>
        {
            var thread = Thread.CurrentThread;
            if (command is SubmitCode && _running is not null) _cellThread = thread;
            try
            {
                await next(command, context);
            }
            finally
            {
                if (command is SubmitCode && ReferenceEquals(Thread.CurrentThread, thread))
                {
                    try { Thread.Sleep(0); } catch (ThreadInterruptedException) { } // an interrupt that arrived as the cell woke up
                }
            }
        });
    }

    /// <summary>The kernel (for completions and hover text).</summary>
    public CompositeKernel Kernel { get; }

    /// <summary>True while a cell runs.</summary>
    public bool IsRunning => _running is not null;

    /// <summary>Runs <paramref name="code"/>; <paramref name="onOutput"/> receives each output as it is produced.</summary>
    public async Task<CellResult> RunAsync(string code, Action<CellOutput> onOutput)
    {
        var submit = new SubmitCode(code);
        var cancel = Cell.Begin();
        _interrupted = false;
        _running = cancel;
        var ids = new DisplayIds();
        using var subscription = Kernel.KernelEvents.Subscribe(new Observer(e => Forward(e, onOutput, ids)));
        KernelCommandResult result;
        try
        {
            result = await Kernel.SendAsync(submit);
        }
        finally
        {
            _running = null;
            _cellThread = null;
            cancel.Dispose();
        }
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
        if (failed is null)
        {
            await ImportLibraryNamespacesAfter(code);
            return new CellResult(true, false, null, null);
        }
        bool interrupted = _interrupted || failed.Exception is ThreadInterruptedException or OperationCanceledException;
        var message = interrupted ? $"the cell was interrupted: {failed.Message}" : failed.Message;
        return new CellResult(false, interrupted, interrupted ? "KeyboardInterrupt" : failed.Exception?.GetType().Name ?? "Error", message);
    }

    /// <summary>
    /// The library's namespaces, imported for every later cell once a cell has referenced the library (the notebooks'
    /// <c>#load "setup.csx"</c>): C# scripts keep a loaded file's usings to themselves, so without this each notebook would
    /// repeat them in a cell of its own.
    /// </summary>
    public static readonly IReadOnlyList<string> LibraryNamespaces =
        ["System.IO", "Pneumo", "Pneumo.Charts", "Pneumo.Data", "Pneumo.Dicom", "Pneumo.Folds", "Pneumo.Metrics", "Pneumo.Modeling", "Pneumo.Runs",
         "Pneumo.Runner.Display", "Pneumo.Segmentation", "Pneumo.Tables", "Pneumo.Training", "Pneumo.Workbook"];

    private readonly List<string> _pendingNamespaces = [.. LibraryNamespaces];

    private async Task ImportLibraryNamespacesAfter(string code)
    {
        if (_pendingNamespaces.Count == 0 || !(code.Contains("#load", StringComparison.Ordinal) || code.Contains("#r ", StringComparison.Ordinal))) return;
        // silently (no observer is subscribed): all at once, else one by one, keeping those whose assembly is referenced
        async Task<bool> Import(IEnumerable<string> names) =>
            !(await Kernel.SendAsync(new SubmitCode(string.Concat(names.Select(n => $"using {n};\n"))))).Events.OfType<CommandFailed>().Any();
        if (await Import(_pendingNamespaces))
        {
            _pendingNamespaces.Clear();
            return;
        }
        foreach (var name in _pendingNamespaces.ToList())
            if (await Import([name])) _pendingNamespaces.Remove(name);
    }

    /// <summary>Interrupts the running cell (no-op when none runs); returns at once.</summary>
    public void Interrupt()
    {
        var running = _running;
        if (running is null) return;
        _interrupted = true;
        try { running.Cancel(); } catch (ObjectDisposedException) { return; }
        _ = Task.Run(async () =>
        {
            await Task.Delay(Grace);
            while (ReferenceEquals(_running, running))
            {
                var thread = _cellThread;
                if (thread is not null && (thread.ThreadState & ThreadState.WaitSleepJoin) != 0 && ReferenceEquals(_running, running)) thread.Interrupt();
                await Task.Delay(500);
            }
        });
    }

    private static void Forward(KernelEvent e, Action<CellOutput> onOutput, DisplayIds ids)
    {
        switch (e)
        {
            case StandardOutputValueProduced o: onOutput(new StreamOutput("stdout", Text(o.FormattedValues))); break;
            case StandardErrorValueProduced o: onOutput(new StreamOutput("stderr", Text(o.FormattedValues))); break;
            case DisplayedValueProduced d when d.FormattedValues.FirstOrDefault(v => v.MimeType == ClearOutput.MimeType) is { } clear:
                onOutput(new ClearOutputRequest(clear.Value == "wait")); break;
            case ReturnValueProduced r: onOutput(new DisplayOutput(Bundle(r.FormattedValues, r.Value), r.ValueId, IsResult: true)); break;
            case DisplayedValueUpdated u when ids.Resolve(u.ValueId) is { } id: onOutput(new DisplayUpdate(Bundle(u.FormattedValues, u.Value), id)); break;
            case DisplayedValueProduced d: onOutput(new DisplayOutput(Bundle(d.FormattedValues, d.Value), ids.Shown(d.ValueId), IsResult: false)); break;
        }
    }

    private static string Text(IEnumerable<FormattedValue> values) => string.Concat(values.Select(v => v.Value));

    /// <summary>
    /// The MIME bundle of a value, with the <c>text/plain</c> Jupyter expects in every bundle: the value's plain-text
    /// form (<c>42</c> for <c>6 * 7</c>, where .NET Interactive formats only HTML), or its type's name for a long one (a
    /// chart's plain text is its whole figure).
    /// </summary>
    private static Dictionary<string, string> Bundle(IEnumerable<FormattedValue> values, object? value)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in values) data.TryAdd(v.MimeType, v.Value);
        if (!data.ContainsKey(PlainTextFormatter.MimeType) && value is not null)
        {
            var text = value.ToDisplayString(PlainTextFormatter.MimeType);
            data[PlainTextFormatter.MimeType] = text.Length <= 2000 ? text : $"<{value.GetType().Name}>";
        }
        return data;
    }

    /// <inheritdoc />
    public void Dispose() => Kernel.Dispose();

    /// <summary>
    /// The display ids of one cell. <c>display(x).Update(y)</c> of this .NET Interactive version updates under another
    /// id than the one it displayed with: an update with an unknown id belongs to the most recent display not yet
    /// claimed by another update.
    /// </summary>
    private sealed class DisplayIds
    {
        private readonly List<string> _shown = [];
        private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

        public string? Shown(string? id)
        {
            if (id is not null) _shown.Add(id);
            return id;
        }

        public string? Resolve(string? id)
        {
            if (id is null) return null;
            if (_shown.Contains(id)) return id;
            if (_aliases.TryGetValue(id, out var known)) return known;
            var unclaimed = _shown.LastOrDefault(s => !_aliases.ContainsValue(s));
            if (unclaimed is null) return null;
            _aliases[id] = unclaimed;
            return unclaimed;
        }
    }

    private sealed class Observer(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(KernelEvent value) => onNext(value);
    }
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Pneumo.Data;
using Pneumo.Training;

namespace Pneumo.Runner.Display;

/// <summary>
/// Progress of a long cell (preprocessing, training) as one display updated in place (Jupyter's
/// <c>update_display_data</c>), at most four times a second, plus a printed line per finished epoch. Outside a
/// notebook kernel it prints lines instead.
/// </summary>
public sealed class ProgressDisplay : IProgress<TrainingProgress>, IProgress<WorkProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly object _gate = new();
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private readonly KernelInvocationContext? _context = KernelInvocationContext.Current;
    private readonly string _displayId = Guid.NewGuid().ToString("N");
    private bool _shown;

    /// <summary>The number of times the display was drawn or redrawn.</summary>
    public int Draws { get; private set; }

    /// <inheritdoc />
    public void Report(TrainingProgress p)
    {
        bool milestone = p.Message is not null; // an epoch or a fold ended (classification or segmentation)
        if (milestone) Console.WriteLine(p.Message);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"fold {p.Fold} ({p.Fold + 1} of {p.Folds}) · epoch {p.Epoch + 1}/{p.Epochs} · batch {p.Batch}/{p.Batches} · loss {p.Loss:F4}{(p.ValidationAuc is { } auc ? $" · {p.ValidationName} {auc:F3}" : "")} · elapsed {p.Elapsed:hh\\:mm\\:ss} · ETA {p.Eta:hh\\:mm\\:ss}");
        double total = (double)p.Folds * p.Epochs * Math.Max(1, p.Batches);
        double done = ((double)p.Fold * p.Epochs + p.Epoch) * Math.Max(1, p.Batches) + p.Batch;
        Show(new ProgressView(text, done / total), force: milestone);
    }

    /// <inheritdoc />
    public void Report(WorkProgress p) =>
        Show(new ProgressView(string.Create(Pneumo.Tables.ReportCulture.Culture, $"{p.Stage}: {p.Done}/{p.Total} ({p.Fraction:P0})"), p.Fraction), force: p.Done >= p.Total);

    private void Show(ProgressView view, bool force)
    {
        lock (_gate)
        {
            if (!force && _shown && _sinceDraw.Elapsed < Interval) return;
            _sinceDraw.Restart();
            Draws++;
            if (_context is null || _context.IsComplete)
            {
                if (force) Console.WriteLine(view.Text);
                return;
            }
            // Published directly with one id for the display and its updates (Kernel.display's handle updates under
            // another id than the one it displayed with, in this version of .NET Interactive).
            var values = FormattedValue.CreateManyFromObject(view, "text/html", "text/plain");
            if (!_shown) _context.Publish(new DisplayedValueProduced(view, _context.Command, values, _displayId));
            else _context.Publish(new DisplayedValueUpdated(view, _displayId, _context.Command, values));
            _shown = true;
        }
    }
}

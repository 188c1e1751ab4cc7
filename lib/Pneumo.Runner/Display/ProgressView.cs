using System.Globalization;
using System.Net;

namespace Pneumo.Runner.Display;

/// <summary>What a progress display shows: a bar and a line of text (fold, epoch, batch, loss, AUC, ETA).</summary>
/// <param name="Text">The line, e.g. "fold 1 (2 of 5) · epoch 3/10 · batch 12/40 · loss 0.512 · val AUC 0.81 · ETA 00:03:10".</param>
/// <param name="Fraction">Share done, 0..1.</param>
public sealed record ProgressView(string Text, double Fraction)
{
    /// <summary>HTML: a bar and the text.</summary>
    public string ToHtml()
    {
        var percent = Math.Clamp(Fraction, 0, 1) * 100;
        return string.Create(CultureInfo.InvariantCulture,
            $"<div class=\"pneumo-progress\" style=\"font-family:monospace;font-size:13px\"><div style=\"background:#e6e9ef;width:420px;height:10px;border-radius:5px\"><div style=\"background:#4c8bf5;width:{percent:F1}%;height:10px;border-radius:5px\"></div></div><span class=\"pneumo-progress-text\">{WebUtility.HtmlEncode(Text)}</span></div>");
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}

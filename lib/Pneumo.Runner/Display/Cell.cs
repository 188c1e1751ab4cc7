using Microsoft.DotNet.Interactive;

namespace Pneumo.Runner.Display;

/// <summary>
/// The cell that is running, as a notebook sees it: its cancellation token (cancelled by the kernel's interrupt, the
/// Stop button, or Ctrl+C in the runner) and a way to clear its output. Pass <see cref="Cancellation"/> to the
/// library's long operations so that Stop ends them at the next batch.
/// </summary>
public static class Cell
{
    private static CancellationTokenSource _current = new();

    /// <summary>Cancelled when the running cell is interrupted.</summary>
    public static CancellationToken Cancellation => _current.Token;

    /// <summary>A fresh token for the next cell (called by the host before each cell).</summary>
    internal static CancellationTokenSource Begin()
    {
        var source = new CancellationTokenSource();
        Interlocked.Exchange(ref _current, source);
        return source;
    }

    /// <summary>Clears the cell's output so far (Jupyter's <c>clear_output</c>); with <paramref name="wait"/>, when the next output arrives.</summary>
    public static void ClearOutput(bool wait = false)
    {
        if (KernelInvocationContext.Current is null) return;
        Microsoft.DotNet.Interactive.Kernel.display(new Display.ClearOutput(wait), Display.ClearOutput.MimeType);
    }
}

/// <summary>A request to clear the cell's output; the hosts turn its display into Jupyter's <c>clear_output</c>.</summary>
/// <param name="Wait">Clear when the next output arrives rather than now.</param>
public sealed record ClearOutput(bool Wait)
{
    /// <summary>The private MIME type that marks the request (never written to a notebook).</summary>
    public const string MimeType = "application/x-pneumo-clear-output";
}

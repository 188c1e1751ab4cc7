namespace Pneumo.Cli;

/// <summary>
/// The command line's one Ctrl+C handler: the first Ctrl+C cancels the token the long work checks (at the next batch
/// or cell), the process is not killed, and an interrupted command exits with 130 after saying how to resume.
/// </summary>
internal static class ConsoleInterrupt
{
    /// <summary>
    /// Runs <paramref name="body"/> with a token that Ctrl+C cancels (<paramref name="notice"/> is printed when it
    /// does); an <see cref="OperationCanceledException"/> ends it with its message (the engine's say where the work is
    /// saved and how to resume) and exit code 130.
    /// </summary>
    public static int Run(Func<CancellationToken, int> body, string notice = "interrupt: stopping at the next batch (the last finished epoch is saved)...")
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
            LiveCellConsole.Stderr.WriteLine("\n" + notice);
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return body(cancel.Token);
        }
        catch (OperationCanceledException ex) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"interrupted: {ex.Message}");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

namespace Pneumo.Runner.Execution;

/// <summary>An output of a running cell, published as it happens (Jupyter's iopub messages, the runner's cell outputs).</summary>
public abstract record CellOutput;

/// <summary>Text written to standard output or error.</summary>
/// <param name="Name"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Text">The text.</param>
public sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>A displayed value (or the cell's return value), as MIME bundle: MIME type → formatted text.</summary>
/// <param name="Data">The formatted values.</param>
/// <param name="DisplayId">The display's id, for later updates in place.</param>
/// <param name="IsResult">True for the cell's return value (Jupyter's <c>execute_result</c>).</param>
public sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data, string? DisplayId, bool IsResult) : CellOutput;

/// <summary>A display shown earlier, with new content.</summary>
/// <param name="Data">The formatted values.</param>
/// <param name="DisplayId">The display's id.</param>
public sealed record DisplayUpdate(IReadOnlyDictionary<string, string> Data, string DisplayId) : CellOutput;

/// <summary>The cell asked to clear its output.</summary>
/// <param name="Wait">Clear when the next output arrives.</param>
public sealed record ClearOutputRequest(bool Wait) : CellOutput;

/// <summary>How a cell ended.</summary>
/// <param name="Succeeded">No error.</param>
/// <param name="Interrupted">It ended because it was interrupted.</param>
/// <param name="ErrorName">The exception type name, or KeyboardInterrupt.</param>
/// <param name="ErrorMessage">The kernel's message.</param>
public sealed record CellResult(bool Succeeded, bool Interrupted, string? ErrorName, string? ErrorMessage);

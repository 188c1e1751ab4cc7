namespace Pneumo;

/// <summary>
/// Bad or missing input data other than DICOM (which has <see cref="Dicom.DicomException"/>): a CSV, a label file, a
/// cache, a fold table, a run folder. The message is one line that starts with the file (and the line, when known)
/// and says what is wrong; the CLI prints it as is.
/// </summary>
public class DataFileException : Exception
{
    /// <summary>An error about <paramref name="file"/>, at <paramref name="line"/> (1-based) when given.</summary>
    public DataFileException(string file, int? line, string message, Exception? inner = null)
        : base($"{file}{(line is { } l ? $": line {l}" : "")}: {message}", inner)
    {
        File = file;
        Line = line;
    }

    /// <summary>An error whose message already names the file (and line).</summary>
    public DataFileException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>The file, when given apart from the message.</summary>
    public string? File { get; }
    /// <summary>The 1-based line, when known.</summary>
    public int? Line { get; }
}

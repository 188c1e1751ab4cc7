using System.CommandLine;
using Pneumo.Dicom;

namespace Pneumo.Cli;

/// <summary>Runs a command body with the CLI's error convention: exit 2 and one line <c>error: file: what</c>.</summary>
internal static class CliRunner
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show stack traces on errors.",
        Recursive = true,
    };

    public static int Run(ParseResult parse, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            if (parse.GetValue(Verbose)) Console.Error.WriteLine(ex);
            return 2;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"internal error (a bug; please report it with this trace): {ex}");
            return 3;
        }
    }

    /// <summary>
    /// What the user can fix, printed as one line: the project's own data errors (DICOM, data files, label files),
    /// bad arguments and parameters, and files or folders that are missing or unreadable. Anything else is a bug.
    /// </summary>
    private static bool IsUserError(Exception ex) => ex switch
    {
        DicomException or DataFileException or Pneumo.Compute.TorchLoadException => true,
        ArgumentException or FormatException => true, // arguments, parameters, --window
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException => true,
        _ => false,
    };
}

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
        catch (Exception ex) when (ex is DicomException or Pneumo.Data.LabelFileException or DirectoryNotFoundException or IOException or UnauthorizedAccessException or ArgumentException or FormatException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            if (parse.GetValue(Verbose)) Console.Error.WriteLine(ex);
            return 2;
        }
    }
}

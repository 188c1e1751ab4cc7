using System.CommandLine;
using Pneumo.Cli;
using Pneumo.Cli.Commands;

// every number the command prints reads the same on every machine ("0.005", "95%"), whatever the user's locale
System.Globalization.CultureInfo.DefaultThreadCurrentCulture = Pneumo.Tables.ReportCulture.Culture;
System.Globalization.CultureInfo.CurrentCulture = Pneumo.Tables.ReportCulture.Culture;
var root = new RootCommand("pneumo: the Pneumo.Notebooks command line (DICOM tools, data, training, the workbook).");
root.Options.Add(CliRunner.Verbose);
root.Subcommands.Add(DicomCommands.Create());
root.Subcommands.Add(WorkbookCommand.Create());
root.Subcommands.Add(WorkbookCommand.CreateHeadless());
foreach (var c in DataCommands.Create()) root.Subcommands.Add(c);
foreach (var c in ModelCommands.Create()) root.Subcommands.Add(c);
root.Subcommands.Add(NotebooksCommand.Create());
root.Subcommands.Add(KernelCommand.Create());
root.Subcommands.Add(WeightsCommand.Create());
return root.Parse(args).Invoke();

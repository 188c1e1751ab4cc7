using System.CommandLine;
using Microsoft.DotNet.Interactive.Documents;
using Pneumo.Runner;
using Pneumo.Training;
using Pneumo.Runs;
using Pneumo.Workbook;

namespace Pneumo.Cli.Commands;

/// <summary><c>pneumo notebooks run [NAMES] [--out DIR]</c>: execute the notebooks in order and publish the site.</summary>
internal static class NotebooksCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("NAMES") { Description = "Notebooks to run (e.g. 01-eda); all when omitted.", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "Where the site goes (default: results/)." };
        var parameter = new Option<string[]>("--parameter", "-p")
        {
            Description = "A study parameter, name=value (e.g. -p folds=3 -p learningRate=3e-4); injected after each notebook's parameters cell, as papermill does.",
            AllowMultipleArgumentsPerToken = false,
        };
        var run = new Command("run", "Execute notebooks in an in-process C# kernel, stop at the first failing cell, save executed .ipynb files and render a static site.") { names, output, parameter };
        run.SetAction(p => CliRunner.Run(p, () => Run(p.GetValue(names) ?? [], p.GetValue(output), ParseParameters(p.GetValue(parameter) ?? []))));
        var cmd = new Command("notebooks", "The workbook's notebooks.");
        cmd.Subcommands.Add(run);
        return cmd;
    }

    /// <summary>name=value pairs, each checked against the study's parameters (a bad one is a one-line error naming it).</summary>
    public static IReadOnlyDictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new ArgumentException($"parameter '{pair}': expected name=value");
            var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..]);
            new StudyParameters().Set(name, value); // checked now: a bad one fails before any notebook runs
            result[name] = value;
        }
        return result;
    }

    public static int Run(IReadOnlyList<string> names, string? output, IReadOnlyDictionary<string, string>? parameters = null)
    {
        parameters ??= new Dictionary<string, string>();
        var root = WorkbookCommand.RepositoryRoot();
        var folder = Path.Combine(root, "notebooks");
        var all = Directory.GetFiles(folder, "*.ipynb").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var chosen = names.Count == 0 ? all : names.Select(n => all.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f).StartsWith(n, StringComparison.Ordinal))
            ?? throw new ArgumentException($"no notebook named {n} in {folder}")).ToList();
        output = Path.GetFullPath(output ?? Path.Combine(root, "results"));
        return ConsoleInterrupt.Run(cancel => Run(chosen, output, parameters, root, cancel), "interrupting the running cell...");
    }

    private static int Run(IReadOnlyList<string> chosen, string output, IReadOnlyDictionary<string, string> parameters, string root, CancellationToken cancel)
    {
        var executed = new List<(string, InteractiveDocument)>();
        foreach (var path in chosen)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Console.Error.WriteLine($"notebook {name}...");
            var live = new LiveCellConsole();
            try
            {
                var document = NotebookRunner.RunAsync(path, parameters, line => { live.EndLine(); LiveCellConsole.Stderr.WriteLine("  " + line); },
                    live.Show, cancel).GetAwaiter().GetResult();
                live.EndLine();
                NotebookRunner.Save(document, Path.Combine(output, "notebooks", name + ".ipynb"));
                executed.Add((name, document));
                Console.WriteLine($"{name}: ran in {watch.Elapsed.TotalSeconds:F0} s");
            }
            catch (NotebookCellException ex)
            {
                live.EndLine();
                if (ex.Data["document"] is InteractiveDocument partial) NotebookRunner.Save(partial, Path.Combine(output, "notebooks", name + ".ipynb"));
                Console.Error.WriteLine($"error: {ex.Message}");
                if (ex.Interrupted)
                {
                    Console.Error.WriteLine("interrupted: finished epochs are checkpointed; resume training with ./pneumo train --resume <run folder>, or re-run the notebook");
                    return 130;
                }
                return 2;
            }
        }
        var commit = Environment.GetEnvironmentVariable("PNEUMO_COMMIT") ?? "";
        var studyParameters = StudyParameters.FromEnvironment();
        foreach (var (name, value) in parameters) studyParameters.Set(name, value);
        var outputRoot = Environment.GetEnvironmentVariable("PNEUMO_OUTPUT_ROOT") is { Length: > 0 } o ? Path.GetFullPath(o) : root;
        var study = new Study(WorkbookSettings.From(studyParameters, outputRoot));
        var runs = study.Runs.Summaries();
        var selected = study.SelectedRun() is { } chosenRun ? runs.FirstOrDefault(r => r.Folder == Path.GetFullPath(chosenRun)) : null;
        var headline = selected is null ? null : SiteHeadline.For(selected);
        var index = SiteRenderer.Render(output, executed, "Pneumo.Notebooks: a pneumothorax classifier, step by step",
            $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by ./pneumo notebooks run {commit}".Trim(), headline, runs);
        Console.WriteLine($"site: {index}");
        return 0;
    }
}

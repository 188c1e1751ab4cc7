using System.CommandLine;
using Microsoft.DotNet.Interactive.Documents;
using Pneumo.Runner;

namespace Pneumo.Cli.Commands;

/// <summary><c>pneumo notebooks run [NAMES] [--out DIR]</c>: execute the notebooks in order and publish the site.</summary>
internal static class NotebooksCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("NAMES") { Description = "Notebooks to run (e.g. 01-eda); all when omitted.", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "Where the site goes (default: results/)." };
        var run = new Command("run", "Execute notebooks in an in-process C# kernel, stop at the first failing cell, save executed .ipynb files and render a static site.") { names, output };
        run.SetAction(p => CliRunner.Run(p, () => Run(p.GetValue(names) ?? [], p.GetValue(output))));
        var cmd = new Command("notebooks", "The workbook's notebooks.");
        cmd.Subcommands.Add(run);
        return cmd;
    }

    public static int Run(IReadOnlyList<string> names, string? output)
    {
        var root = WorkbookCommand.RepositoryRoot();
        var folder = Path.Combine(root, "notebooks");
        var all = Directory.GetFiles(folder, "*.ipynb").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var chosen = names.Count == 0 ? all : names.Select(n => all.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f).StartsWith(n, StringComparison.Ordinal))
            ?? throw new ArgumentException($"no notebook named {n} in {folder}")).ToList();
        output = Path.GetFullPath(output ?? Path.Combine(root, "results"));
        var executed = new List<(string, InteractiveDocument)>();
        foreach (var path in chosen)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Console.Error.WriteLine($"notebook {name}...");
            try
            {
                var document = NotebookRunner.RunAsync(path, line => Console.Error.WriteLine("  " + line)).GetAwaiter().GetResult();
                NotebookRunner.Save(document, Path.Combine(output, "notebooks", name + ".ipynb"));
                executed.Add((name, document));
                Console.WriteLine($"{name}: ran in {watch.Elapsed.TotalSeconds:F0} s");
            }
            catch (NotebookCellException ex)
            {
                if (ex.Data["document"] is InteractiveDocument partial) NotebookRunner.Save(partial, Path.Combine(output, "notebooks", name + ".ipynb"));
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        }
        var commit = Environment.GetEnvironmentVariable("PNEUMO_COMMIT") ?? "";
        var index = SiteRenderer.Render(output, executed, "Pneumo.Notebooks: a pneumothorax classifier, step by step",
            $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by ./pneumo notebooks run {commit}".Trim());
        Console.WriteLine($"site: {index}");
        return 0;
    }
}

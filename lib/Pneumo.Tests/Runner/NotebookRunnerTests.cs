using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Pneumo.Runner;

namespace Pneumo.Tests.Runner;

[Collection(TorchCollection.Name)] // the runner sets the process-wide working folder
public class NotebookRunnerTests
{
    private static string Notebook(TestFiles.TempFolder tmp, params (string Kind, string Source)[] cells)
    {
        var json = new
        {
            cells = cells.Select(c => c.Kind == "md"
                ? (object)new { cell_type = "markdown", metadata = new { }, source = new[] { c.Source } }
                : c.Kind == "parameters"
                    ? new { cell_type = "code", execution_count = (int?)null, metadata = (object)new { tags = new[] { "parameters" }, dotnet_interactive = new { language = "csharp" } }, outputs = Array.Empty<object>(), source = new[] { c.Source } }
                    : new { cell_type = "code", execution_count = (int?)null, metadata = (object)new { dotnet_interactive = new { language = "csharp" } }, outputs = Array.Empty<object>(), source = new[] { c.Source } }),
            metadata = new { kernelspec = new { display_name = ".NET (C#)", language = "C#", name = ".net-csharp" } },
            nbformat = 4,
            nbformat_minor = 5,
        };
        var path = tmp.File("test.ipynb");
        File.WriteAllText(path, JsonSerializer.Serialize(json));
        return path;
    }

    [Fact]
    public async Task Run_RecordsOutputs_AndRendersTheSite()
    {
        using var tmp = TestFiles.NewTempFolder();
        var path = Notebook(tmp, ("md", "# Title\n\nSome *prose*."), ("code", "Console.WriteLine(\"hello\");"), ("code", "1 + 41"),
            ("code", "using System.IO;\nFile.Exists(\"test.ipynb\")"));
        var document = await NotebookRunner.RunAsync(path);
        var outputs = document.Elements.Where(e => e.KernelName != "markdown").Select(e => e.Outputs).ToList();
        Assert.Equal("hello\n", Assert.IsType<TextElement>(Assert.Single(outputs[0])).Text.Replace("\r", ""));
        Assert.Contains("42", string.Concat(Assert.IsType<DisplayElement>(Assert.Single(outputs[1])).Data.Values));
        Assert.Contains("True", string.Concat(Assert.IsType<DisplayElement>(Assert.Single(outputs[2])).Data.Values)); // working folder = the notebook's

        NotebookRunner.Save(document, tmp.File("out/test.ipynb"));
        Assert.Contains("\"output_type\"", File.ReadAllText(tmp.File("out/test.ipynb")));
        var index = SiteRenderer.Render(tmp.File("site"), [("test", document)], "Site", "footer");
        Assert.Contains("<a href=\"test.html\">Title</a>", File.ReadAllText(index));
        var page = File.ReadAllText(tmp.File("site/test.html"));
        Assert.Contains("<h1 id=\"title\">Title</h1>", page);
        Assert.Contains("<em>prose</em>", page);
        Assert.True(new FileInfo(tmp.File("site/plotly.min.js")).Length > 1_000_000);
    }

    [Fact]
    public async Task Run_AfterTheLibraryIsReferenced_ItsNamespacesNeedNoUsingCell()
    {
        using var tmp = TestFiles.NewTempFolder();
        var path = Notebook(tmp, ("code", "#r \"Pneumo.dll\"\n#r \"Pneumo.Workbook.dll\""),
            ("code", "Console.Write($\"{new TrainingConfig().Epochs} {Architectures.Names()} {new StudyParameters().SampleCount} {TrainingTask.Segmentation}\");"));
        foreach (var dll in new[] { "Pneumo.dll", "Pneumo.Workbook.dll" }) File.Copy(Path.Combine(AppContext.BaseDirectory, dll), tmp.File(dll));
        var document = await NotebookRunner.RunAsync(path);
        Assert.Equal("16 small, resnet18, resnet34, resnet50 or densenet121 500 Segmentation",
            Assert.IsType<TextElement>(Assert.Single(document.Elements[1].Outputs)).Text);
    }

    [Fact]
    public async Task Run_FailingCell_StopsAndNamesNotebookAndCell()
    {
        using var tmp = TestFiles.NewTempFolder();
        var path = Notebook(tmp, ("md", "# T"), ("code", "var x = 1;"), ("code", "throw new InvalidOperationException(\"boom\");"), ("code", "Console.WriteLine(\"never\");"));
        var ex = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(path));
        Assert.Equal(3, ex.Cell);
        Assert.Contains("boom", ex.Message);
        Assert.StartsWith(path, ex.Message);
        var partial = Assert.IsType<InteractiveDocument>(ex.Data["document"]);
        Assert.Empty(partial.Elements[3].Outputs);
    }

    [Fact]
    public async Task Run_WithParameters_InjectsACellAfterTheParametersCell_AsPapermillDoes()
    {
        using var tmp = TestFiles.NewTempFolder();
        var path = Notebook(tmp, ("md", "# T"),
            ("code", "#r \"Pneumo.dll\"\n#r \"Pneumo.Workbook.dll\""),
            ("parameters", "var parameters = new Pneumo.Workbook.StudyParameters();"),
            ("code", "Console.Write($\"{parameters.Training.Folds} {parameters.Training.LearningRate} {parameters.Training.Model} {parameters.SampleCount}\");"));
        foreach (var dll in new[] { "Pneumo.dll", "Pneumo.Workbook.dll" }) File.Copy(Path.Combine(AppContext.BaseDirectory, dll), tmp.File(dll));
        var document = await NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["folds"] = "3", ["learning-rate"] = "3e-4",
            ["model"] = "resnet18", ["sampleCount"] = "40" });
        var injected = document.Elements[3];
        Assert.Equal("// Injected parameters (./pneumo notebooks run -p)\nparameters.Training = parameters.Training with { Folds = 3 };\n"
            + "parameters.Training = parameters.Training with { LearningRate = 0.0003 };\nparameters.Training = parameters.Training with { Model = \"resnet18\" };\n"
            + "parameters.SampleCount = 40;", injected.Contents);
        Assert.Equal("3 0.0003 resnet18 40", Assert.IsType<TextElement>(Assert.Single(document.Elements[4].Outputs)).Text);
        NotebookRunner.Save(document, tmp.File("out.ipynb"));
        using var saved = JsonDocument.Parse(File.ReadAllText(tmp.File("out.ipynb")));
        Assert.Equal("injected-parameters", saved.RootElement.GetProperty("cells")[3].GetProperty("metadata").GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task Run_BadParameter_IsAOneLineErrorNamingIt()
    {
        using var tmp = TestFiles.NewTempFolder();
        var path = Notebook(tmp, ("parameters", "var x = 1;"));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["epochz"] = "3" }));
        Assert.StartsWith("unknown parameter 'epochz'", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["epochs"] = "-1" }));
        Assert.Equal("parameter epochs='-1' is not a non-negative integer", ex.Message);
    }

    [Fact]
    public async Task Run_RecordsOutputsAsJupyterShowsThem_StreamsMerged_DisplaysUpdatedInPlace_ClearOutputHonoured()
    {
        using var tmp = TestFiles.NewTempFolder();
        var path = Notebook(tmp,
            ("code", "Console.WriteLine(\"a\"); Console.WriteLine(\"b\"); Console.Write(\"c\");"),
            ("code", "var d = display(\"one\"); d.Update(\"two\"); Console.WriteLine(\"after\");"),
            ("code", "#r \"Pneumo.Runner.dll\"\nConsole.WriteLine(\"gone\"); Pneumo.Runner.Display.Cell.ClearOutput(); Console.WriteLine(\"kept\");"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Pneumo.Runner.dll"), tmp.File("Pneumo.Runner.dll"));
        var seen = new List<Pneumo.Runner.Execution.CellOutput>();
        var document = await NotebookRunner.RunAsync(path, onOutput: seen.Add);
        var cells = document.Elements.Select(e => e.Outputs).ToList();
        Assert.Equal("a\nb\nc", Assert.IsType<TextElement>(Assert.Single(cells[0])).Text.Replace("\r", ""));
        Assert.Equal(2, cells[1].Count);
        Assert.Equal("two", Assert.IsType<DisplayElement>(cells[1][0]).Data["text/plain"]);
        Assert.Equal("kept\n", Assert.IsType<TextElement>(Assert.Single(cells[2])).Text.Replace("\r", ""));
        Assert.Contains(seen, o => o is Pneumo.Runner.Execution.DisplayUpdate);
        Assert.Contains(seen, o => o is Pneumo.Runner.Execution.ClearOutputRequest);
    }

    [Fact]
    public async Task Run_CancelledDuringASleep_InterruptsTheCellAndSaysSo()
    {
        using var tmp = TestFiles.NewTempFolder();
        var path = Notebook(tmp, ("code", "Console.WriteLine(\"start\"); System.Threading.Thread.Sleep(120000);"), ("code", "Console.WriteLine(\"never\");"));
        using var cancel = new CancellationTokenSource();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = NotebookRunner.RunAsync(path, onOutput: o => { if (o is Pneumo.Runner.Execution.StreamOutput) cancel.CancelAfter(500); }, cancel: cancel.Token);
        var ex = await Assert.ThrowsAsync<NotebookCellException>(() => run);
        Assert.True(ex.Interrupted);
        Assert.Equal(1, ex.Cell);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the interrupt took {watch.Elapsed}");
    }
}

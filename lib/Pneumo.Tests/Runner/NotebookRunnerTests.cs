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
                : new { cell_type = "code", execution_count = (int?)null, metadata = new { dotnet_interactive = new { language = "csharp" } }, outputs = Array.Empty<object>(), source = new[] { c.Source } }),
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
}

using System.Text.Json;
using Pneumo.Runner.Kernel;

namespace Pneumo.Tests.Runner;

/// <summary>
/// Jupyter's own executor (nbconvert + nbclient) runs the six notebooks with the "C# (Pneumo)" kernel to the same
/// outputs as the project's runner: the same output kinds and MIME types cell by cell, and no error.
/// </summary>
[Collection(TorchCollection.Name)]
public class NbconvertTests
{
    [Fact]
    public void Nbconvert_WithThePneumoKernel_GivesTheRunnersOutputs()
    {
        using var tmp = TestFiles.NewTempFolder();
        var kernels = Path.Combine(tmp.Path, "share", "jupyter", "kernels");
        KernelSpec.Install(kernels, ["dotnet", Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll")]);
        // Each executor gets its own output root, so both do the same work (a cache built by one is not "up to date" for the other).
        string[] Env(string root) =>
        [
            $"JUPYTER_PATH={Path.Combine(tmp.Path, "share", "jupyter")}", $"PNEUMO_OUTPUT_ROOT={root}", "PNEUMO_SAMPLE_COUNT=30",
            "PNEUMO_SAMPLE_SIZE=128", "PNEUMO_IMAGE_SIZE=64", "PNEUMO_FOLDS=3", "PNEUMO_EPOCHS=2", "PNEUMO_BATCH_SIZE=8",
        ];
        var notebooks = Directory.GetFiles(Path.Combine(JupyterKernelTests.WorkbookRoot(), "notebooks"), "*.ipynb").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var converted = tmp.File("nbconvert");
        var (code, stdout, stderr) = ExternalTool.Run("env", [.. Env(tmp.File("via-jupyter")), "jupyter-nbconvert", "--to", "notebook", "--execute",
            "--ExecutePreprocessor.kernel_name=" + KernelSpec.Name, "--ExecutePreprocessor.timeout=900", "--output-dir", converted, .. notebooks], timeoutMs: 1_200_000);
        Assert.True(code == 0, $"nbconvert exit {code}\n{stdout}\n{stderr}");

        var (runCode, runOut, runErr) = ExternalTool.Run("env", [.. Env(tmp.File("via-runner")), "dotnet", Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll"), "notebooks", "run", "--out", tmp.File("results")], timeoutMs: 1_200_000);
        Assert.True(runCode == 0, $"runner exit {runCode}\n{runOut}\n{runErr}");

        foreach (var notebook in notebooks)
        {
            var name = Path.GetFileName(notebook);
            var viaJupyter = Shape(Path.Combine(converted, name));
            var viaRunner = Shape(Path.Combine(tmp.File("results"), "notebooks", name));
            Assert.Equal(viaRunner, viaJupyter);
            Assert.DoesNotContain(viaJupyter, cell => cell.Contains("error", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Per code cell: its output kinds and MIME types, e.g. "stream | display_data:text/html". Consecutive stream
    /// outputs count once: nbclient merges them, the runner keeps one per write.
    /// </summary>
    private static List<string> Shape(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => string.Join(" | ", c.GetProperty("outputs").EnumerateArray().Select(o =>
            {
                var kind = o.GetProperty("output_type").GetString()!;
                if (kind == "execute_result") kind = "display_data"; // the runner records return values as display data
                return o.TryGetProperty("data", out var data)
                    ? kind + ":" + (data.TryGetProperty("text/html", out _) ? "text/html" : string.Join(",", data.EnumerateObject().Select(p => p.Name).Order()))
                    : kind;
            }).Aggregate(new List<string>(), (list, kind) => { if (!(kind == "stream" && list.Count > 0 && list[^1] == "stream")) list.Add(kind); return list; })))
            .ToList();
    }
}

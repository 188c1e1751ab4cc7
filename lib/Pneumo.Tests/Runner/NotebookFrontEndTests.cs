using System.Text.Json;
using Pneumo.Runner.Kernel;

namespace Pneumo.Tests.Runner;

/// <summary>
/// The design's first use, in a real Jupyter front end: Debian's Jupyter Notebook 6 with the "C# (Pneumo)" kernel,
/// 04-training opened in headless Chromium and run from the UI (Run All) on a tiny sample. The progress display must
/// change while the training cell runs, every chart must be drawn (an SVG with data in each chart container), and no
/// cell may fail. Screenshots are kept in TestResults/screenshots.
/// </summary>
[Collection(TorchCollection.Name)]
public class NotebookFrontEndTests
{
    [Fact]
    public void Training_RunFromTheNotebookUi_ShowsLiveProgressAndDrawsEveryChart()
    {
        using var tmp = TestFiles.NewTempFolder();
        var repo = JupyterKernelTests.WorkbookRoot();
        var cli = Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll");
        KernelSpec.Install(Path.Combine(tmp.Path, "share", "jupyter", "kernels"), ["dotnet", cli]);

        // A copy of the notebooks beside a link to lib/ (setup.csx references ../lib/...), opened with the project kernel.
        var work = tmp.File("work");
        var notebooks = Path.Combine(work, "notebooks");
        Directory.CreateDirectory(notebooks);
        Directory.CreateSymbolicLink(Path.Combine(work, "lib"), Path.Combine(repo, "lib"));
        foreach (var file in Directory.GetFiles(Path.Combine(repo, "notebooks")))
        {
            var text = File.ReadAllText(file);
            if (file.EndsWith(".ipynb", StringComparison.Ordinal))
                text = text.Replace("\"name\": \".net-csharp\"", $"\"name\": \"{KernelSpec.Name}\"", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(notebooks, Path.GetFileName(file)), text);
        }
        string[] env =
        [
            $"JUPYTER_PATH={Path.Combine(tmp.Path, "share", "jupyter")}", $"PNEUMO_OUTPUT_ROOT={tmp.Path}", "PNEUMO_SAMPLE_COUNT=30",
            "PNEUMO_SAMPLE_SIZE=128", "PNEUMO_IMAGE_SIZE=64", "PNEUMO_FOLDS=3", "PNEUMO_EPOCHS=4", "PNEUMO_BATCH_SIZE=8", $"HOME={tmp.Path}",
        ];
        // The data stages first, headless (04 trains on what 01-03 prepared).
        var (runCode, runOut, runErr) = ExternalTool.Run("env", [.. env, "dotnet", cli, "notebooks", "run", "01", "02", "03", "--out", tmp.File("results")], timeoutMs: 600_000);
        Assert.True(runCode == 0, $"runner exit {runCode}\n{runOut}\n{runErr}");

        var shots = Path.Combine(repo, "lib", "Pneumo.Tests", "TestResults", "screenshots", "notebook-ui");
        var script = Path.Combine(TestFiles.DataRoot, "frontend", "drive_notebook.py");
        var (code, stdout, stderr) = ExternalTool.Run("env", [.. env, ExternalTool.DebianPython, script, notebooks, "04-training.ipynb", shots], timeoutMs: 1_500_000);
        if (stderr.Contains("No module named 'selenium'", StringComparison.Ordinal) || stderr.Contains("jupyter-notebook", StringComparison.Ordinal) && code != 0)
            throw new InvalidOperationException($"the front-end test needs `apt-get install jupyter-notebook python3-selenium chromium-driver` (.ci/run does)\n{stderr}");
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var r = doc.RootElement;
        var report = r.ToString();
        Assert.True(r.GetProperty("kernel_connected").GetBoolean(), report);
        Assert.Equal(KernelSpec.Name, r.GetProperty("kernel_name").GetString());
        Assert.True(r.GetProperty("training_cell").GetInt32() > 0, report);
        Assert.Equal(0, r.GetProperty("unexecuted").GetInt32());
        Assert.Empty(r.GetProperty("errors").EnumerateArray());
        var progress = r.GetProperty("progress_seen_while_running").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.True(progress.Distinct().Count() >= 3, $"the progress display changed fewer than twice while training ran: {report}");
        Assert.Contains(progress, p => p!.Contains("fold", StringComparison.Ordinal) && p.Contains("epoch", StringComparison.Ordinal) && p.Contains("ETA", StringComparison.Ordinal));
        var charts = r.GetProperty("charts").EnumerateArray().ToList();
        Assert.True(charts.Count >= 2, $"04 has two learning-curve charts: {report}");
        foreach (var chart in charts)
        {
            Assert.True(chart.GetProperty("svg").GetInt32() >= 1, $"a chart was not drawn: {chart}");
            Assert.True(chart.GetProperty("traces").GetInt32() >= 1, $"a chart has no data drawn: {chart}");
            Assert.DoesNotContain("not loaded", chart.GetProperty("text").GetString());
        }
        Assert.True(new FileInfo(Path.Combine(shots, "after-run-all.png")).Length > 20_000);
        Assert.True(File.Exists(Path.Combine(shots, "training-running.png")));
    }
}

using Pneumo.Runner.Kernel;

namespace Pneumo.Tests.Runner;

/// <summary>The "C# (Pneumo)" kernel driven by jupyter_client over ZeroMQ, as VS Code and Jupyter drive it.</summary>
[Collection(TorchCollection.Name)]
public class JupyterKernelTests
{
    [Fact]
    public void Kernel_SpeaksTheJupyterProtocol()
    {
        using var tmp = TestFiles.NewTempFolder();
        var kernels = Path.Combine(tmp.Path, "share", "jupyter", "kernels");
        KernelSpec.Install(kernels, ["dotnet", Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll")]);
        var notebooks = Path.Combine(WorkbookRoot(), "notebooks");
        var script = Path.Combine(TestFiles.DataRoot, "kernel", "drive_kernel.py");
        var env = $"JUPYTER_PATH={Path.Combine(tmp.Path, "share", "jupyter")}";
        var (code, stdout, stderr) = ExternalTool.Run("env", [env, ExternalTool.DebianPython, script, notebooks], timeoutMs: 600_000);
        if (stderr.Contains("No module named 'jupyter_client'", StringComparison.Ordinal))
            throw new InvalidOperationException("Debian's python3 lacks jupyter_client: `apt-get install jupyter-client python3-nbclient jupyter-nbconvert` (.ci/run does)");
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(':')).ToDictionary(l => l[..l.IndexOf(':')], l => l[(l.IndexOf(':') + 1)..].Trim());
        Assert.Equal("ok 5.3 C#", lines["kernel_info"]);
        Assert.Equal("ok hello from C#", lines["print"]);
        Assert.Equal("ok 2 text/html,text/plain", lines["result"]);
        Assert.Equal("42", lines["result_text"]); // the plain text of 1 + 41, not its HTML
        Assert.Equal("busy,idle", lines["status"]);
        Assert.Equal("ok True True", lines["chart"]); // Plotly's MIME type holds the figure; the HTML fallback draws it
        Assert.Equal("True True", lines["plotly_once"]); // plotly.js in the first chart's fallback only
        Assert.Equal("ok True True", lines["plotly_net"]); // a Plotly.NET chart of the cell's own: the same, no CDN
        var live = lines["live_delay"].Split(' ');
        Assert.Equal("ok", live[0]);
        Assert.True(double.Parse(live[1], System.Globalization.CultureInfo.InvariantCulture) >= 2.5, $"the first line arrived only {live[1]} s before the reply");
        Assert.Equal("True True display_data,update_display_data,clear_output,stream", lines["display_update"]);
        Assert.Equal("ok Segmentation", lines["imports"]); // the library's namespaces, imported after setup.csx
        Assert.Equal("ok 1 True", lines["progress"]);
        Assert.Equal("ok True True", lines["inspect"]);
        Assert.Equal("ok", lines["comm_info"]);
        Assert.Equal("ok", lines["history"]);
        Assert.Equal("ok True", lines["input"]);
        Assert.Equal("error True", lines["input_refused"]);
        Assert.Equal("error InvalidOperationException System.InvalidOperationException: boom", lines["error"]);
        Assert.Equal("ok", lines["alive"]);
        Assert.Equal("incomplete complete", lines["is_complete"]);
        Assert.Equal("ok True", lines["complete"]);
        Assert.Equal("True", lines["bad_signature_ignored"]);
        Assert.Equal("ok", lines["after_bad_signature"]);
        var interrupt = lines["interrupt"].Split(' ');
        Assert.Equal(["True", "error", "KeyboardInterrupt"], interrupt[..3]);
        Assert.True(double.Parse(interrupt[3], System.Globalization.CultureInfo.InvariantCulture) < 10, $"an interrupt of Thread.Sleep(120000) took {interrupt[3]} s");
        var token = lines["interrupt_token"].Split(' ');
        Assert.Equal(["True", "error"], token[..2]);
        Assert.True(double.Parse(token[2], System.Globalization.CultureInfo.InvariantCulture) < 10, $"an interrupt of a loop checking Cell.Cancellation took {token[2]} s");
        Assert.Equal("ok", lines["after_interrupt"]);
        Assert.Equal("True", lines["shutdown"]);
    }

    [Fact]
    public void KernelSpec_InstallAndUninstall()
    {
        using var tmp = TestFiles.NewTempFolder();
        var folder = KernelSpec.Install(tmp.Path, ["/repo/pneumo"]);
        var json = File.ReadAllText(Path.Combine(folder, "kernel.json"));
        Assert.Contains("\"display_name\": \"C# (Pneumo)\"", json);
        Assert.Contains("\"{connection_file}\"", json);
        Assert.True(KernelSpec.Uninstall(tmp.Path));
        Assert.False(KernelSpec.Uninstall(tmp.Path));
    }

    internal static string WorkbookRoot() => Pneumo.Workbook.WorkbookSettings.FindRoot(AppContext.BaseDirectory);
}

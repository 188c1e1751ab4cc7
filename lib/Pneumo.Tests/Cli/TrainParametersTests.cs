using System.Diagnostics;
using System.Text.Json;

namespace Pneumo.Tests.Cli;

/// <summary>
/// <c>./pneumo train</c> reads the study's one parameter set, as <c>./pneumo study</c> and the notebooks do: the
/// <c>PNEUMO_*</c> variables, then <c>-p name=value</c> (any parameter), then its own flags; the run's config.json
/// records the result and the parameters that differ from the defaults.
/// </summary>
public class TrainParametersTests
{
    private static (int Code, string Stdout, string Stderr) Cli(string root, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("PNEUMO_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(name);
        psi.Environment["PNEUMO_OUTPUT_ROOT"] = root;
        psi.Environment["PNEUMO_SAMPLE_COUNT"] = "24";
        psi.Environment["PNEUMO_SAMPLE_SIZE"] = "128";
        psi.Environment["PNEUMO_IMAGE_SIZE"] = "64";
        psi.Environment["PNEUMO_FOLDS"] = "2";
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(300_000), "the command did not finish in 5 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void TrainNoTrain_TakesTheEnvironment_ThenParameters_ThenFlags()
    {
        using var tmp = TestFiles.NewTempFolder();
        var none = new Dictionary<string, string>();
        var (code, _, err) = Cli(tmp.Path, none, "study", "--data-only");
        Assert.True(code == 0, err);

        var environment = new Dictionary<string, string> { ["PNEUMO_LEARNING_RATE"] = "0.0005", ["PNEUMO_EPOCHS"] = "5", ["PNEUMO_WIRES"] = "0.25" };
        (code, var stdout, err) = Cli(tmp.Path, environment, "train", "--no-train", "-p", "weightDecay=0.001", "-p", "wires=0", "--epochs", "3");
        Assert.True(code == 0, err);
        var folder = stdout.Split('\n').Single(l => l.StartsWith("run ", StringComparison.Ordinal))[4..].Trim();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
        var config = doc.RootElement.GetProperty("config");
        Assert.Equal(0.0005, config.GetProperty("learningRate").GetDouble()); // from the environment, which train used to ignore
        Assert.Equal(0.001, config.GetProperty("weightDecay").GetDouble());   // a parameter without a flag, through -p
        Assert.Equal(0.0, config.GetProperty("wires").GetDouble());           // -p over the environment
        Assert.Equal(3, config.GetProperty("epochs").GetInt32());             // the flag over the environment
        Assert.Equal(64, config.GetProperty("imageSize").GetInt32());
        Assert.Equal(2, config.GetProperty("folds").GetInt32());
        var changed = doc.RootElement.GetProperty("changedParameters");
        Assert.Equal(0.0005, changed.GetProperty("learningRate").GetDouble());
        Assert.Equal(3, changed.GetProperty("epochs").GetInt32());

        (code, _, err) = Cli(tmp.Path, new Dictionary<string, string> { ["PNEUMO_DROPOUT"] = "much" }, "train", "--no-train");
        Assert.Equal(2, code);
        Assert.Contains("PNEUMO_DROPOUT", err, StringComparison.Ordinal);
        (code, _, err) = Cli(tmp.Path, none, "train", "--no-train", "-p", "learningRat=0.1");
        Assert.Equal(2, code);
        Assert.Contains("unknown parameter 'learningRat'", err, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(Path.Combine(tmp.Path, "results", "runs"))); // the refused commands made no run folder

        // every training parameter has a flag, generated from the parameter set (a bare boolean flag means true)
        (code, stdout, err) = Cli(tmp.Path, none, "train", "--no-train", "--dropout", "0.1", "--augment", "false", "--metadata", "--lr", "0.002", "--task",
            "segmentation");
        Assert.True(code == 0, err);
        folder = stdout.Split('\n').Single(l => l.StartsWith("run ", StringComparison.Ordinal))[4..].Trim();
        using var flagged = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
        config = flagged.RootElement.GetProperty("config");
        Assert.Equal((0.1, false, true, 0.002, "segmentation"), (config.GetProperty("dropout").GetDouble(), config.GetProperty("augment").GetBoolean(),
            config.GetProperty("useMetadata").GetBoolean(), config.GetProperty("learningRate").GetDouble(), config.GetProperty("task").GetString()));
        (code, var help, _) = Cli(tmp.Path, none, "train", "--help");
        Assert.Equal(0, code);
        foreach (var flag in new[] { "--learning-rate", "--weight-decay", "--wires", "--patience", "--focal-weight", "--inner-validation-share" })
            Assert.Contains(flag, help, StringComparison.Ordinal);
        Assert.Contains("small, resnet18, resnet34, resnet50 or densenet121", help, StringComparison.Ordinal); // from the backbone registry

        // one line naming the value, and no run folder
        (code, _, err) = Cli(tmp.Path, none, "train", "--no-train", "--model", "resnet99");
        Assert.Equal(2, code);
        Assert.Contains("unknown model 'resnet99': small, resnet18, resnet34, resnet50 or densenet121", err, StringComparison.Ordinal);
        (code, _, err) = Cli(tmp.Path, none, "train", "--no-train", "--size", "4000");
        Assert.Equal(2, code);
        Assert.Contains("imageSize 4000: 32 to 2048 pixels", err, StringComparison.Ordinal);
        (code, _, err) = Cli(tmp.Path, none, "train", "--no-train", "--task", "detection");
        Assert.Equal(2, code);
        Assert.Contains("--task='detection': one of classification, segmentation", err, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(tmp.Path, "results", "runs")).Length);
    }
}

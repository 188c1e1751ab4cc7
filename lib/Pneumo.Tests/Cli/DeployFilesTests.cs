using System.Text.Json;

namespace Pneumo.Tests.Cli;

/// <summary>
/// The Slurm and Kubernetes examples (deploy/): no scheduler here, so they are checked by parsing — bash syntax and the
/// #SBATCH directives for Slurm, a YAML parser (Debian's PyYAML) for the Indexed Job — and every ./pneumo command they
/// run is one the command line accepts.
/// </summary>
public class DeployFilesTests
{
    private static string Deploy(params string[] parts) => Path.Combine([Runner.JupyterKernelTests.WorkbookRoot(), "deploy", .. parts]);

    [Theory]
    [InlineData("submit.sh")]
    [InlineData("train-fold.sbatch")]
    [InlineData("evaluate.sbatch")]
    public void SlurmScripts_AreValidBash(string file)
    {
        var (code, _, stderr) = ExternalTool.Run("bash", ["-n", Deploy("slurm", file)]);
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void SlurmArray_TrainsOneFoldPerTask_ThenEvaluates()
    {
        var train = File.ReadAllLines(Deploy("slurm", "train-fold.sbatch"));
        var directives = train.Where(l => l.StartsWith("#SBATCH ", StringComparison.Ordinal)).Select(l => l[8..].Trim()).ToList();
        Assert.Contains(directives, d => d.StartsWith("--array=0-", StringComparison.Ordinal));
        Assert.All(directives, d => Assert.Matches(@"^--[a-z-]+=\S+$", d));
        Assert.Contains(train, l => l.Contains("./pneumo train --run \"$PNEUMO_RUN\" --fold \"$SLURM_ARRAY_TASK_ID\"", StringComparison.Ordinal));
        var submit = File.ReadAllText(Deploy("slurm", "submit.sh"));
        Assert.Contains("--dependency=afterok:", submit);
        Assert.Contains("./pneumo train --no-train", submit);
        Assert.Contains("./pneumo evaluate \"$PNEUMO_RUN\"", File.ReadAllText(Deploy("slurm", "evaluate.sbatch")));
    }

    [Fact]
    public void KubernetesIndexedJob_ParsesAndRunsFoldK_OnPodK()
    {
        var json = ExternalTool.Python("""
import sys, json, yaml
print(json.dumps([yaml.safe_load(open(p)) for p in sys.argv[1:]]))
""", Deploy("k8s", "train-folds.yaml"), Deploy("k8s", "evaluate.yaml"));
        using var doc = JsonDocument.Parse(json);
        var train = doc.RootElement[0];
        Assert.Equal("batch/v1", train.GetProperty("apiVersion").GetString());
        Assert.Equal("Job", train.GetProperty("kind").GetString());
        var spec = train.GetProperty("spec");
        Assert.Equal("Indexed", spec.GetProperty("completionMode").GetString());
        Assert.Equal(spec.GetProperty("completions").GetInt32(), spec.GetProperty("parallelism").GetInt32());
        var container = spec.GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        var command = container.GetProperty("command").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["./pneumo", "train", "--run", "$(RUN)", "--fold", "$(JOB_COMPLETION_INDEX)"], command);
        Assert.Contains(container.GetProperty("env").EnumerateArray(), e => e.GetProperty("name").GetString() == "RUN");
        Assert.Equal("Never", spec.GetProperty("template").GetProperty("spec").GetProperty("restartPolicy").GetString());
        var evaluate = doc.RootElement[1].GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        Assert.Equal(["./pneumo", "evaluate", "$(RUN)"], evaluate.GetProperty("command").EnumerateArray().Select(e => e.GetString()).ToList());
    }

    [Fact]
    public void TheCommandsTheyRun_Exist()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll");
        var (_, train, _) = ExternalTool.Run("dotnet", [cli, "train", "--help"]);
        foreach (var option in new[] { "--run", "--fold", "--no-train", "--init-weights", "--freeze-epochs" }) Assert.Contains(option, train);
        var (_, study, _) = ExternalTool.Run("dotnet", [cli, "study", "--help"]);
        Assert.Contains("--data-only", study);
        var (_, evaluate, _) = ExternalTool.Run("dotnet", [cli, "evaluate", "--help"]);
        Assert.Contains("RUN", evaluate);
    }
}

using System.Text.Json;
using Pneumo.Modeling;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Pneumo.Tests.Modeling;

/// <summary>
/// Our torchvision-named networks against Debian's PyTorch + torchvision: random weights (batch-norm statistics
/// included) saved by <c>torch.save</c>, loaded here, the same fixed input through both — the outputs agree to a
/// relative 1e-4 for every architecture. Then the key rewrites (DataParallel, the old DenseNet pattern), the grayscale
/// adaptation, safetensors, and a one-line error for a shape that does not fit.
/// </summary>
[Collection(TorchCollection.Name)]
public class PretrainedWeightsTests
{
    private const string MakeWeights = """
import sys, json, math, torch, torchvision
arch, path, size, variant = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
torch.manual_seed(0)
model = getattr(torchvision.models, arch)(weights=None)
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1); m.running_var.uniform_(0.5, 1.5)
            m.weight.uniform_(0.5, 1.5); m.bias.uniform_(-0.1, 0.1)
model.eval()
n = 3 * size * size
x = torch.sin(0.001 * torch.arange(n, dtype=torch.float64)).float().reshape(1, 3, size, size)
with torch.no_grad(): out = model(x).flatten().tolist()
state = model.state_dict()
if variant == 'dataparallel': state = {'module.' + k: v for k, v in state.items()}
if variant == 'olddensenet':
    import re
    state = {re.sub(r'(denselayer\d+\.(?:norm|relu|conv))([12])\.', r'\1.\2.', k): v for k, v in state.items()}
torch.save(state, path)
print(json.dumps({'output': out, 'keys': len(state)}))
""";

    private static (float[] Expected, int Keys) Save(string arch, string path, int size, string variant = "plain")
    {
        var json = ExternalTool.Python(MakeWeights, arch, path, size.ToString(System.Globalization.CultureInfo.InvariantCulture), variant);
        using var doc = JsonDocument.Parse(json);
        return (doc.RootElement.GetProperty("output").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray(), doc.RootElement.GetProperty("keys").GetInt32());
    }

    private static double RelativeDifference(float[] ours, float[] theirs)
    {
        Assert.Equal(theirs.Length, ours.Length);
        double scale = theirs.Max(v => Math.Abs((double)v)), worst = 0;
        for (int i = 0; i < ours.Length; i++) worst = Math.Max(worst, Math.Abs(ours[i] - (double)theirs[i]));
        return worst / scale;
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    [InlineData("resnet50")]
    [InlineData("densenet121")]
    public void WholeNetwork_MatchesTorchvision_OnTheSameWeightsAndInput(string arch)
    {
        using var tmp = TestFiles.NewTempFolder();
        var file = tmp.File(arch + ".pth");
        var (expected, keys) = Save(arch, file, 224);
        var result = WeightsCheck.Run(file, arch, 224);
        Assert.Empty(result.Report.Missing);
        Assert.Empty(result.Report.Unexpected);
        Assert.Equal(keys - result.Report.Loaded, CountBatchCounters(file)); // every tensor but BatchNorm's num_batches_tracked
        Assert.Equal(1000, result.Output.Length);
        double rel = RelativeDifference(result.Output, expected);
        Assert.True(rel <= 1e-4, $"{arch}: relative difference {rel:E2}");
    }

    private static int CountBatchCounters(string file)
    {
        var tensors = PretrainedWeights.Read(file);
        int n = tensors.Keys.Count(k => k.EndsWith("num_batches_tracked", StringComparison.Ordinal));
        foreach (var t in tensors.Values) t.Dispose();
        return n;
    }

    [Theory]
    [InlineData("resnet18", "dataparallel")]
    [InlineData("densenet121", "olddensenet")]
    public void WrappedOrOldKeys_LoadTheSame(string arch, string variant)
    {
        using var tmp = TestFiles.NewTempFolder();
        var file = tmp.File($"{arch}-{variant}.pth");
        var (expected, _) = Save(arch, file, 64, variant);
        var result = WeightsCheck.Run(file, arch, 64);
        Assert.Empty(result.Report.Missing);
        Assert.True(RelativeDifference(result.Output, expected) <= 1e-4);
    }

    [Fact]
    public void Grayscale_SumsTheRgbKernels_Safetensors_Load_AndAMismatchIsOneLine()
    {
        using var tmp = TestFiles.NewTempFolder();
        var file = tmp.File("resnet18.pth");
        Save("resnet18", file, 64);
        // one input channel: a gray image through the summed kernels equals the RGB network on R = G = B
        using var scope = NewDisposeScope();
        using var rgb = ResNet.ResNet18(3, 1000);
        using var gray = ResNet.ResNet18(1, 1000);
        Assert.False(PretrainedWeights.Load(rgb, file).SummedInputChannels);
        var report = PretrainedWeights.Load(gray, file);
        Assert.True(report.SummedInputChannels);
        Assert.Empty(report.Missing);
        rgb.eval();
        gray.eval();
        using (no_grad())
        {
            var image = WeightsCheck.FixedInput(1, 64);
            var a = rgb.Logits(image.expand(1, 3, 64, 64).contiguous()).data<float>().ToArray();
            var b = gray.Logits(image).data<float>().ToArray();
            Assert.True(RelativeDifference(b, a) <= 1e-4);
        }
        // the same tensors as safetensors (written by PyBridge) load the same
        var safetensors = tmp.File("resnet18.safetensors");
        var tensors = PretrainedWeights.Read(file);
        Safetensors.SaveStateDict(safetensors, tensors);
        Assert.Equal(PretrainedWeights.Load(ResNet.ResNet18(3, 1000), safetensors).Loaded, PretrainedWeights.Load(ResNet.ResNet18(3, 1000), file).Loaded);
        // a checkpoint of another width: one line naming the file, the key and both shapes
        var ex = Assert.Throws<DataFileException>(() => PretrainedWeights.Load(ResNet.ResNet50(3, 1000), file));
        Assert.Contains(file, ex.Message);
        Assert.Matches(@"has shape \[[\d, ]+\] in the file but \[[\d, ]+\] in ResNet50", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        // the head replaced: fc skipped, reported as unexpected
        using var backbone = ResNet.ResNet18(1);
        var asBackbone = PretrainedWeights.Load(backbone, file, ["fc."]);
        Assert.Equal(["fc.bias", "fc.weight"], asBackbone.Unexpected);
        Assert.Empty(asBackbone.Missing);
        var bad = tmp.File("not-weights.pth");
        File.WriteAllText(bad, "<html>404</html>");
        Assert.Contains("not a readable PyTorch state_dict", Assert.Throws<DataFileException>(() => PretrainedWeights.Read(bad)).Message);
    }

    [Fact]
    public void WeightsCheckCommand_PrintsTheJsonOfTheIssue()
    {
        using var tmp = TestFiles.NewTempFolder();
        var file = tmp.File("resnet34.pth");
        var (expected, _) = Save("resnet34", file, 64);
        var cli = Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll");
        var (code, stdout, stderr) = ExternalTool.Run("dotnet", [cli, "weights", "check", file, "--arch", "resnet34", "--size", "64", "--json"], timeoutMs: 300_000);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("resnet34", root.GetProperty("arch").GetString());
        Assert.True(root.GetProperty("loadedTensors").GetInt32() > 100);
        Assert.Empty(root.GetProperty("missing").EnumerateArray());
        Assert.Empty(root.GetProperty("unexpected").EnumerateArray());
        var output = root.GetProperty("output").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        Assert.True(RelativeDifference(output, expected) <= 1e-4);
        var (badCode, _, badErr) = ExternalTool.Run("dotnet", [cli, "weights", "check", file, "--arch", "resnet50"], timeoutMs: 300_000);
        Assert.Equal(2, badCode);
        Assert.Contains("in the file but", badErr);
    }
}

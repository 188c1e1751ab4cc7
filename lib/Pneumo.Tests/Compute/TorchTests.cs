using Pneumo.Compute;
using Pneumo.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Tests.Compute;

/// <summary>TorchSharp loads (the libstdc++ fix of the build works) and trains a convolution on the CPU.</summary>
[Collection(TorchCollection.Name)]
public class TorchTests
{
    [Fact]
    public void Convolution_ForwardAndBackward_ReduceTheLoss()
    {
        torch.manual_seed(7);
        using var scope = torch.NewDisposeScope();
        var device = TorchDevice.Select("cpu");
        var conv = nn.Conv2d(1, 4, 3, padding: 1).to(device);
        var head = nn.Linear(4 * 8 * 8, 1).to(device);
        var parameters = conv.parameters().Concat(head.parameters()).ToList();
        var optimizer = optim.SGD(parameters, 0.05);
        var x = randn(8, 1, 8, 8, device: device);
        var y = (x.mean([1, 2, 3]) > 0).to(float32).unsqueeze(1);
        float first = 0, last = 0;
        for (int step = 0; step < 20; step++)
        {
            optimizer.zero_grad();
            var logits = head.forward(nn.functional.relu(conv.forward(x)).flatten(1));
            var loss = nn.functional.binary_cross_entropy_with_logits(logits, y);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.NotNull(conv.weight!.grad);
        Assert.True(last < first, $"loss did not fall: {first} -> {last}");
    }

    [Fact]
    public void Select_Auto_IsCpuWithoutGpu_AndCudaRequestFailsClearly()
    {
        if (torch.cuda.is_available()) return; // on a GPU machine both choices are valid
        Assert.Equal(DeviceType.CPU, TorchDevice.Select("auto").type);
        var ex = Assert.Throws<ArgumentException>(() => TorchDevice.Select("cuda"));
        Assert.Contains("CUDA is not available", ex.Message);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("resnet18")]
    public void Backbone_EarlyThenLateStages_IsTheForwardPass_AtStride8(string kind)
    {
        torch.manual_seed(11);
        using var scope = torch.NewDisposeScope();
        using var model = new PneumothoraxClassifier(Architectures.Get(kind), useMetadata: false);
        model.eval();
        var image = randn(2, 1, 64, 64);
        var metadata = zeros(2, PneumothoraxClassifier.MetadataLength);
        using var _ = no_grad();
        var early = model.EarlyStages(image);
        Assert.Equal(new long[] { 8, 8 }, early.shape[2..]);
        var split = model.FromEarlyStages(early, metadata).data<float>().ToArray();
        var whole = model.forward(image, metadata).data<float>().ToArray();
        Assert.Equal(whole.Length, split.Length);
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], split[i], 5);
    }

    [Fact]
    public void LoadFailure_OnWindows_NamesTheTorchSharpIssueAndWhatToDo_InOneLine()
    {
        var failure = new TypeInitializationException("TorchSharp.torch", new DllNotFoundException("Unable to load DLL 'LibTorchSharp' or one of its dependencies\nmore"));
        var windows = TorchDevice.LoadFailureMessage(failure, windows: true);
        Assert.Contains("dotnet/TorchSharp#1567", windows);
        Assert.Contains("WSL2", windows);
        Assert.Contains("Unable to load DLL 'LibTorchSharp'", windows);
        Assert.DoesNotContain('\n', windows);
        Assert.DoesNotContain("#1567", TorchDevice.LoadFailureMessage(failure, windows: false));
        Assert.Equal("cpu", TorchDevice.BuildBackend); // CI builds the CPU backend
        Assert.Contains("build backend cpu", TorchDevice.Describe(TorchDevice.Select("cpu")));
    }

    [Fact]
    public void Backend_IsPersistent_ThroughPneumoLocalProps()
    {
        using var tmp = TestFiles.NewTempFolder();
        var repo = Runner.JupyterKernelTests.WorkbookRoot();
        File.Copy(Path.Combine(repo, "pneumo"), tmp.File("pneumo"));
        File.Copy(Path.Combine(repo, "Directory.Build.props"), tmp.File("Directory.Build.props"));
        File.WriteAllText(tmp.File("probe.proj"), "<Project><Import Project=\"Directory.Build.props\" /><Target Name=\"Show\" /></Project>"); // as an SDK project imports it
        string Backend() => ExternalTool.Run("dotnet", ["msbuild", tmp.File("probe.proj"), "-getProperty:TorchBackend", "-nologo"]).Stdout.Trim();
        Assert.Equal("cpu", Backend());
        var (code, stdout, _) = ExternalTool.Run("bash", [tmp.File("pneumo"), "backend", "cuda"]);
        Assert.Equal(0, code);
        Assert.Contains("torch backend: cuda", stdout);
        Assert.Equal("cuda", Backend()); // every later build reads it, whatever starts the build
        Assert.Contains("cuda", ExternalTool.Run("bash", [tmp.File("pneumo"), "backend"]).Stdout);
        var (bad, _, err) = ExternalTool.Run("bash", [tmp.File("pneumo"), "backend", "rocm"]);
        Assert.Equal(2, bad);
        Assert.Contains("cpu or cuda", err);
        ExternalTool.Run("bash", [tmp.File("pneumo"), "backend", "cpu"]);
        Assert.Equal("cpu", Backend());
    }
}

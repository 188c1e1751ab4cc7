using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pneumo.Modeling;

/// <summary>
/// The quick default backbone: five stride-2 stages of 3x3 convolutions with batch norm and ReLU (16, 32, 64, 128, 256
/// channels; stages after the first add a second convolution), one-channel input. A 256-pixel film becomes a
/// 256 x 8 x 8 feature map. About 1.4 M parameters: trains in minutes on a laptop CPU. With 8 channels in the first
/// stage it could not even fit the synthetic training set (thin pleural lines need more filters at full resolution);
/// channel counts stay multiples of 16 because LibTorch 2.10's CPU convolutions returned NaN now and then for
/// 12/24/48-channel layers on our machines.
/// </summary>
public sealed class CompactCnn : Module<Tensor, Tensor>, IBackbone, IEncoder
{
    // the stages before the last one (stride 16), and the last stage: two registered sequences (the parameter names of
    // saved runs are "_layers.*" and "_last.*"); Grad-CAM stops inside _layers, after the third stage (stride 8)
    private readonly Sequential _layers, _last;
    private const string LateStart = "conv3";

    /// <summary>Creates the network for <paramref name="inChannels"/> input channels.</summary>
    public CompactCnn(int inChannels = 1) : base(nameof(CompactCnn))
    {
        int[] widths = [16, 32, 64, 128, 256];
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        int previous = inChannels;
        for (int i = 0; i < widths.Length; i++)
        {
            modules.Add(($"conv{i}", Conv2d(previous, widths[i], 3, stride: 2, padding: 1, bias: false)));
            modules.Add(($"bn{i}", BatchNorm2d(widths[i])));
            modules.Add(($"relu{i}", ReLU()));
            if (i >= 1)
            {
                modules.Add(($"conv{i}b", Conv2d(widths[i], widths[i], 3, padding: 1, bias: false)));
                modules.Add(($"bn{i}b", BatchNorm2d(widths[i])));
                modules.Add(($"relu{i}b", ReLU()));
            }
            previous = widths[i];
        }
        int split = modules.FindIndex(m => m.Item1 == $"conv{widths.Length - 1}");
        _layers = Sequential(modules.Take(split));
        _last = Sequential(modules.Skip(split));
        FeatureChannels = previous;
        RegisterComponents();
    }

    /// <inheritdoc />
    public int FeatureChannels { get; }

    /// <summary>Image batch (N, C, H, W) → feature map (N, 256, H/32, W/32).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return _last.forward(_layers.forward(input)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IReadOnlyList<int> PyramidChannels { get; } = [16, 32, 64, 128, 256];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Pyramid(Tensor input)
    {
        var maps = new List<Tensor>();
        var x = input;
        foreach (var (name, module) in _layers.named_children())
        {
            x = ((Module<Tensor, Tensor>)module).forward(x);
            if (name is "relu0" or "relu1b" or "relu2b" or "relu3b") maps.Add(x); // the end of each stride-2 stage
        }
        maps.Add(_last.forward(x));
        return maps;
    }

    /// <inheritdoc />
    public Tensor EarlyStages(Tensor input) => SequentialStages.Before(_layers, LateStart, input);

    /// <inheritdoc />
    public Tensor LateStages(Tensor early)
    {
        using var scope = NewDisposeScope();
        return _last.forward(SequentialStages.From(_layers, LateStart, early)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
            _last.Dispose();
        }
        base.Dispose(disposing);
    }
}

using Pneumo.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pneumo.Modeling;

/// <summary>
/// ResNet-18/34 (He et al. 2016) built here so that the stem takes one channel directly (TorchVision's conv1 cannot
/// be replaced for grayscale). Basic blocks; the classifier is left to <see cref="PneumothoraxClassifier"/>.
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>, IBackbone
{
    private readonly Sequential _stem;
    private readonly Sequential _layer1, _layer2, _layer3, _layer4;

    private ResNet(string name, int[] blocks, int inChannels) : base(name)
    {
        _stem = Sequential(
            ("conv1", Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false)),
            ("bn1", BatchNorm2d(64)),
            ("relu", ReLU(inplace: true)),
            ("maxpool", MaxPool2d(3, stride: 2, padding: 1)));
        _layer1 = Stage(64, 64, blocks[0], 1);
        _layer2 = Stage(64, 128, blocks[1], 2);
        _layer3 = Stage(128, 256, blocks[2], 2);
        _layer4 = Stage(256, 512, blocks[3], 2);
        RegisterComponents();
        foreach (var (_, module) in named_modules())
            if (module is Conv2d conv) init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
    }

    /// <summary>ResNet-18: 2, 2, 2, 2 basic blocks.</summary>
    public static ResNet ResNet18(int inChannels = 1) => new(nameof(ResNet18), [2, 2, 2, 2], inChannels);

    /// <summary>ResNet-34: 3, 4, 6, 3 basic blocks.</summary>
    public static ResNet ResNet34(int inChannels = 1) => new(nameof(ResNet34), [3, 4, 6, 3], inChannels);

    /// <inheritdoc />
    public int FeatureChannels => 512;

    /// <summary>Image batch → feature map (N, 512, H/32, W/32).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return LateStages(EarlyStages(input)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor EarlyStages(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _stem.forward(input);
        x = _layer1.forward(x);
        return _layer2.forward(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor LateStages(Tensor early)
    {
        using var scope = NewDisposeScope();
        return _layer4.forward(_layer3.forward(early)).MoveToOuterDisposeScope();
    }


    private static Sequential Stage(int inPlanes, int planes, int count, int stride)
    {
        var blocks = new List<(string, Module<Tensor, Tensor>)> { ("0", new BasicBlock(inPlanes, planes, stride)) };
        for (int i = 1; i < count; i++) blocks.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), new BasicBlock(planes, planes, 1)));
        return Sequential(blocks);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stem.Dispose();
            _layer1.Dispose();
            _layer2.Dispose();
            _layer3.Dispose();
            _layer4.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Two 3x3 convolutions with a shortcut (projected when the shape changes).</summary>
    private sealed class BasicBlock : Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv1, _conv2;
        private readonly BatchNorm2d _bn1, _bn2;
        private readonly Sequential? _downsample;

        public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
        {
            _conv1 = Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
            _bn1 = BatchNorm2d(planes);
            _conv2 = Conv2d(planes, planes, 3, padding: 1, bias: false);
            _bn2 = BatchNorm2d(planes);
            if (stride != 1 || inPlanes != planes)
                _downsample = Sequential(("0", Conv2d(inPlanes, planes, 1, stride: stride, bias: false)), ("1", BatchNorm2d(planes)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = functional.relu(_bn1.forward(_conv1.forward(input)));
            x = _bn2.forward(_conv2.forward(x));
            var shortcut = _downsample is null ? input : _downsample.forward(input);
            return functional.relu(x.Plus(shortcut)).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _conv1.Dispose();
                _bn1.Dispose();
                _conv2.Dispose();
                _bn2.Dispose();
                _downsample?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
